//! A status type of the tests' own: the runtime knows no generated code, so its tests stand in
//! for a generated status enum with this one (code 0 is success, -41 the duplicate answer).

use crate::envelope::{EnvelopeMembers, Spelling};
use crate::retry::{ApiStatus, RetryClass};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Code(pub(crate) i64);

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl ApiStatus for Code {
    const ENVELOPE: &'static EnvelopeMembers = &EnvelopeMembers {
        data: "data",
        spellings: &[
            Spelling { code: "code", message: "msg" },
            Spelling { code: "status", message: "reason" },
        ],
    };
    type Category = ();
    fn category(self) -> Option<()> {
        None
    }
    fn from_code(code: i64) -> Self {
        Code(code)
    }
    fn code(self) -> i64 {
        self.0
    }
    fn message(self) -> &'static str {
        "test"
    }
    fn is_success(self) -> bool {
        self.0 == 0
    }
    fn retry_class(self) -> RetryClass {
        RetryClass::Never
    }
}
