//! Valid requests compile and behave: each file of `pass/` is a module here whose `main` runs as
//! a test. (They need no trybuild: compiling and running them is what a test crate does, and
//! trybuild would build the whole dependency graph again in a directory of its own.)

macro_rules! cases {
    ($($name:ident = $path:literal),* $(,)?) => {$(
        #[path = $path]
        mod $name;

        #[test]
        fn $name() {
            $name::main();
        }
    )*};
}

cases!(
    debt_collection = "../pass/debt_collection.rs",
    docs_example = "../pass/docs_example.rs",
    emergency_contact = "../pass/emergency_contact.rs",
    marketing = "../pass/marketing.rs",
);

/// Every file of `pass/` is listed above, so none is silently skipped.
#[test]
fn every_pass_case_runs() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pass");
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, ["debt_collection", "docs_example", "emergency_contact", "marketing"]);
}
