//! An intent code that no table of the docs lists, sent on purpose.

use crate::constraint::{self, ConstraintError};
use std::fmt;

/// A recall intent code that no intent table lists (quirk `undocumented_intent_codes`: the docs'
/// own recall-update example sends `"101"`, and the tables skip codes). Each scenario's
/// recall-intent enum has an `Undocumented` variant holding one, so a typed request can send it
/// explicitly: validation warns that the agent may not know it, and reports an error when a
/// table lists the code for another scenario (the server would answer -68).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UndocumentedIntent(&'static str);

impl UndocumentedIntent {
    /// The code `code`: 1 to 9 ASCII digits, like every code of the tables. Usable in `const`
    /// items.
    pub const fn new(code: &'static str) -> Result<Self, ConstraintError> {
        match constraint::digits(code, 1, 9) {
            Ok(()) => Ok(UndocumentedIntent(code)),
            Err(e) => Err(e),
        }
    }

    /// The code, as sent in `recallIntent`.
    pub const fn code(self) -> &'static str {
        self.0
    }
}

impl fmt::Debug for UndocumentedIntent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("UndocumentedIntent").field(&self.0).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_only() {
        assert_eq!(UndocumentedIntent::new("101").unwrap().code(), "101");
        assert!(UndocumentedIntent::new("").is_err());
        assert!(UndocumentedIntent::new("10a").is_err());
        assert!(UndocumentedIntent::new("1234567890").is_err());
    }
}
