//! Hostile files given to `itnio validate`, `itnio send --dry-run` and `itnio reports parse`:
//! each gets exit code 1 or 2 with a clear message on stderr or a violation on stdout, never a
//! panic or a stack overflow, and memory stays bounded by the input's size.

use crate::common::{file, itnio, run, text};
use std::io::Write;
use std::process::Output;

/// Runs the commands that read a request file on `contents` (and `reports parse` too when
/// `push_too`: for input that is no push either); returns the `validate` output.
fn commands(test: &str, contents: &[u8], push_too: bool) -> Output {
    let path = file(test, contents);
    let mut validate = None;
    let mut all = vec![&["validate"][..], &["validate", "--scenario", "marketing"], &["send", "--dry-run"]];
    if push_too {
        all.push(&["reports", "parse"]);
    }
    for args in all {
        let out = run(itnio().args(args).arg(&path));
        let code = out.status.code();
        let stderr = text(&out.stderr);
        assert!(matches!(code, Some(1 | 2)), "{test} {args:?}: exit {code:?}\n{stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("overflow"), "{test} {args:?}: {stderr}");
        if code == Some(2) {
            assert!(stderr.starts_with("itnio: "), "{test} {args:?}: {stderr}");
        } else if args[0] == "reports" {
            assert!(stderr.contains(": /") || stderr.contains(": :"), "{test} {args:?}: {stderr}");
        } else {
            let first = text(&out.stdout);
            assert!(first.lines().next().is_some_and(|l| l.contains(": ")), "{test} {args:?}: {first}");
        }
        validate.get_or_insert(out);
    }
    validate.unwrap()
}

fn every_command(test: &str, contents: &[u8]) -> Output {
    commands(test, contents, true)
}

#[test]
fn an_empty_file() {
    let out = every_command("empty", b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not JSON"), "{}", text(&out.stderr));
}

#[test]
fn binary_garbage_and_invalid_utf8() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    assert_eq!(every_command("garbage", &garbage).status.code(), Some(2));
    let out = every_command("utf8", b"{\"taskName\": \"caf\xe9 \xff\xfe\"}");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("1:"), "line and column: {}", text(&out.stderr));
}

#[test]
fn a_nul_byte_inside_a_string() {
    // Raw, it is not JSON; escaped, it is a character a callee number cannot have.
    let out = every_command("nul-raw", b"{\"taskName\": \"a\0b\"}");
    assert_eq!(out.status.code(), Some(2));
    let out = commands("nul-escaped", br#"{"numberInfoList": [{"calleeNumber": "4632\u00000007"}]}"#, false);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("/numberInfoList/0/calleeNumber"), "{}", text(&out.stdout));
}

#[test]
fn json_nested_100000_levels_deep() {
    // A list where the request object belongs is skipped over whole (it is unusable however
    // deep it is); nesting the reader has to follow stops at its limit with its own message.
    for (name, doc, message) in [
        (
            "deep-array",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            "(document): must be an object, not a list",
        ),
        (
            "deep-object",
            format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)),
            "nests deeper than 128 levels",
        ),
        (
            "deep-member",
            format!("{{\"extra\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000)),
            "nests deeper than 128 levels",
        ),
    ] {
        let out = every_command(name, doc.as_bytes());
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(said.contains(message), "{name}: {said}");
        assert_eq!(out.status.code(), Some(1), "valid JSON, never `not JSON`: {name}: {said}");
    }
}

#[test]
fn a_20_digit_number_where_an_integer_is_expected() {
    for (field, body) in [
        ("/agentId", r#"{"agentId": 12345678901234567890}"#),
        ("/maxCalls", r#"{"maxCalls": -12345678901234567890}"#),
        ("/recallFlow/recallNum", r#"{"recallFlow": {"recallNum": 99999999999999999999}}"#),
    ] {
        let out = commands(field, body.as_bytes(), false);
        assert_eq!(out.status.code(), Some(1));
        let line = format!("{field}: must be an integer from -2147483648 to 2147483647");
        assert!(text(&out.stdout).lines().any(|l| l.starts_with(&line)), "{}", text(&out.stdout));
    }
}

/// Peak RSS of the largest child this test binary has waited for, in bytes.
fn children_peak_rss() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    u64::try_from(usage.ru_maxrss).unwrap_or_default() * 1024
}

#[test]
fn a_100_mb_file_is_read_in_memory_bounded_by_its_size() {
    let path = file("100mb", b"");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    out.write_all(br#"{"appId":"a","taskName":"Big","agentId":41,"numberInfoList":["#).unwrap();
    let callee = r#"{"calleeNumber":"463200000007","callInformation":{"name":"A somewhat long debtor name","borrow_total_money":"1234.50","due_date":"2026-01-01"},"text1":"Reminder","text2":"Second text"},"#;
    let n = 100_000_000 / callee.len() + 1;
    for _ in 0..n {
        out.write_all(callee.as_bytes()).unwrap();
    }
    out.write_all(br#"{"calleeNumber":"463200000008"}]}"#).unwrap();
    drop(out);
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size >= 100_000_000);

    let out = run(itnio().args(["validate", "--scenario", "debt-collection"]).arg(&path));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.lines().any(|l| l.starts_with("/numberInfoList: must have at most 200000 items")),
        "{}",
        &stdout[..stdout.len().min(300)]
    );
    let peak = children_peak_rss();
    eprintln!("peak RSS {peak} bytes for a {size}-byte file");
    assert!(peak < 3 * size, "peak RSS {peak} bytes for a {size}-byte file");
}

#[test]
fn valid_json_is_never_called_not_json() {
    for (name, body, line) in [
        (
            "huge-number",
            &br#"{"maxCalls": 1e400}"#[..],
            "/maxCalls: is the number 1e400, too large for any numeric type",
        ),
        (
            "lone-surrogate",
            br#"{"taskName": "a\udc00b"}"#,
            r"/taskName: contains \udc00, half of a UTF-16 surrogate pair without its other half, which is not a character",
        ),
        ("bom", b"\xEF\xBB\xBF{\"maxCalls\": 5000}", "/maxCalls: must be from 1 to 999, not 5000"),
    ] {
        let out = commands(name, body, false);
        assert_eq!(out.status.code(), Some(1), "{name}: {}", text(&out.stderr));
        assert!(text(&out.stdout).lines().any(|l| l == line), "{name}: {}", text(&out.stdout));
    }
}
