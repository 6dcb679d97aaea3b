//! Phone numbers are personal data: where one is shown, it is masked.

/// A number as it is shown: its first four and last four digits (`6281****7890`).
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    match chars.len() {
        n if n > 8 => format!(
            "{}****{}",
            chars[..4].iter().collect::<String>(),
            chars[n - 4..].iter().collect::<String>()
        ),
        _ => "****".to_owned(),
    }
}
