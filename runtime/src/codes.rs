//! Lookups by code in the tables the generated enums declare (`Intent::DOCUMENTED`, a recall
//! intent enum's `ALL`, the scenarios' and callInformation keys' `ALL`), so that the generated
//! code lists each code once, in the method that gives it.

/// The entry of `all` whose code is `code`, if any.
pub fn find<T: Clone>(all: &[T], code: &str, code_of: impl Fn(&T) -> &str) -> Option<T> {
    all.iter().find(|entry| code_of(entry) == code).cloned()
}

/// In a `const fn`, the entry of `$all` (a const slice of a `Copy` enum with a `const fn
/// code(self) -> i64`) whose code is `$code`, if any: what [`find`] is for the integer-coded
/// enums, whose `from_code` is `const` (a `const fn` cannot take a closure, hence a macro).
#[macro_export]
#[doc(hidden)]
macro_rules! find_integer_code {
    ($all:expr, $code:expr) => {{
        let (all, code) = ($all, $code);
        let mut found = None;
        let mut i = 0;
        while i < all.len() {
            if all[i].code() == code {
                found = Some(all[i]);
                break;
            }
            i += 1;
        }
        found
    }};
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

    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    enum Coded {
        Zero,
        Minus41,
    }

    impl Coded {
        const ALL: &[Coded] = &[Coded::Zero, Coded::Minus41];
        const fn code(self) -> i64 {
            match self {
                Coded::Zero => 0,
                Coded::Minus41 => -41,
            }
        }
    }

    #[test]
    fn finds_an_integer_code_in_a_const_context() {
        const FOUND: Option<Coded> = find_integer_code!(Coded::ALL, -41);
        assert_eq!(FOUND, Some(Coded::Minus41));
        assert_eq!(find_integer_code!(Coded::ALL, 0), Some(Coded::Zero));
        assert_eq!(find_integer_code!(Coded::ALL, 41), None);
    }
}
