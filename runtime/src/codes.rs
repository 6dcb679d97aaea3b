//! Lookups by code in the tables the generated enums declare (`Intent::DOCUMENTED`, a recall
//! intent enum's `ALL`, the scenarios' and callInformation keys' `ALL`), so that the generated
//! code lists each code once, in the method that gives it.

/// The entry of `all` whose code is `code`, if any.
pub fn find<T: Clone>(all: &[T], code: &str, code_of: impl Fn(&T) -> &str) -> Option<T> {
    all.iter().find(|entry| code_of(entry) == code).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_entry_with_the_code_and_nothing_else() {
        let all = [("201", 'a'), ("2010", 'b')];
        assert_eq!(find(&all, "2010", |e| e.0), Some(("2010", 'b')));
        assert_eq!(find(&all, "201", |e| e.0), Some(("201", 'a')));
        assert_eq!(find(&all, "20", |e| e.0), None);
    }
}
