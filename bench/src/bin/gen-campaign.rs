//! Writes the benchmark campaign of N callees as JSON: `gen-campaign N FILE`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(n), Some(path)) = (args.first().and_then(|n| n.parse::<usize>().ok()), args.get(1)) else {
        eprintln!("usage: gen-campaign N FILE");
        std::process::exit(2);
    };
    if let Err(e) = std::fs::write(path, itnio_bench::campaign_json(n)) {
        eprintln!("gen-campaign: {path}: {e}");
        std::process::exit(1);
    }
}
