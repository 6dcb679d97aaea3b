//! Exactly-once creation after a lost answer: when a retry of an attempt whose outcome is
//! unknown is answered with the duplicate code ([`Error::MayAlreadyExist`]), look for what the
//! lost attempt created and return it. The generated code says only what differs between
//! operations: the lookup request (which list operation, which of its members it sets) and
//! which members of a record hold the key and the answer. The procedure is here, once.

use crate::client::{all_pages, now_epoch_millis};
use crate::error::{Error, Lookup};
use crate::retry::ApiStatus;
use std::future::Future;

/// The time a recovery searches around the first attempt (the spec's `window_minutes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Minutes searched before the first attempt and after now, so that a server clock a
    /// little off still falls inside.
    pub minutes: u32,
}

impl Window {
    /// The time window searched, in epoch milliseconds: from [`Window::minutes`] before the
    /// first attempt (`since`) to as many after now.
    pub fn around(self, since: i64) -> (i64, i64) {
        let margin = i64::from(self.minutes) * 60_000;
        (since.saturating_sub(margin), now_epoch_millis().max(since).saturating_add(margin))
    }
}

/// Returns `result` unchanged unless it is [`Error::MayAlreadyExist`]; then reads every page of
/// the lookup and returns the answer of the one record whose key equals the idempotency key
/// exactly, or `MayAlreadyExist` with what the lookup saw ([`Lookup::NoMatch`], several,
/// or why it failed).
///
/// - `zoned` writes an instant (epoch milliseconds) in the form the lookup's time members take,
///   or gives `None` outside the dates the API can take;
/// - `page(n, from, to, key)` reads page `n` of the lookup over the window `from..to` for `key`,
///   giving its records and the number of pages;
/// - `record` gives a record's key and its answer (`None` where it has none readable).
pub async fn recover<T, S, R, Fut>(
    result: Result<T, Error<S>>,
    since: i64,
    window: Window,
    zoned: impl Fn(i64) -> Option<String>,
    mut page: impl FnMut(i64, &str, &str, &str) -> Fut,
    record: impl Fn(R) -> (Option<String>, Option<T>),
) -> Result<T, Error<S>>
where
    S: ApiStatus,
    Fut: Future<Output = Result<(Vec<R>, i64), Error<S>>>,
{
    let Err(Error::MayAlreadyExist { task_name, answer, .. }) = result else { return result };
    let (from, to) = window.around(since);
    let (Some(from), Some(to)) = (zoned(from), zoned(to)) else {
        let lookup = Lookup::Failed("the clock is outside the dates the API can take".to_owned());
        return Err(Error::MayAlreadyExist { task_name, answer, lookup });
    };
    let records = match all_pages(1, |n| page(n, &from, &to, &task_name)).await {
        Ok(records) => records,
        Err(e) => {
            let lookup = Lookup::Failed(e.to_string());
            return Err(Error::MayAlreadyExist { task_name, answer, lookup });
        }
    };
    let mut found: Vec<Option<T>> = records
        .into_iter()
        .map(record)
        .filter(|(key, _)| key.as_deref() == Some(task_name.as_str()))
        .map(|(_, answer)| answer)
        .collect();
    match (found.len(), found.pop()) {
        (1, Some(Some(found))) => {
            tracing::info!(
                task_name = task_name.as_str(),
                "found what the attempt whose answer was lost created"
            );
            Ok(found)
        }
        (0, _) => Err(Error::MayAlreadyExist { task_name, answer, lookup: Lookup::NoMatch }),
        (n, _) => Err(Error::MayAlreadyExist { task_name, answer, lookup: Lookup::Ambiguous(n) }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;
    use crate::test_status::Code;
    use std::cell::RefCell;
    use std::future::{Ready, ready};
    use std::task::{Context, Poll, Waker};

    /// A record of the lookup: its key and its answer.
    type Record = (Option<String>, Option<u64>);
    type Answer = Result<(Vec<Record>, i64), Error<Code>>;
    /// Each page the recovery asked for: its number, the window and the key.
    type Asked = Vec<(i64, String, String, String)>;

    /// Runs a future whose every step is ready (the lookups here answer at once).
    fn now<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
            Poll::Ready(out) => out,
            Poll::Pending => panic!("a lookup of these tests never waits"),
        }
    }

    fn duplicate() -> Result<u64, Error<Code>> {
        let answer = ApiError { status: Code(-41), message: "the task name exists".to_owned() };
        Err(Error::MayAlreadyExist { task_name: "june".to_owned(), answer, lookup: Lookup::NotMade })
    }

    fn record(key: &str, answer: Option<u64>) -> Record {
        (Some(key.to_owned()), answer)
    }

    /// Recovers `result` over `pages` (page n is `pages[n - 1]`), returning what it gives and
    /// each page request as `(n, from, to, key)`.
    fn recover_over(
        result: Result<u64, Error<Code>>,
        pages: Vec<Answer>,
        zoned: impl Fn(i64) -> Option<String>,
    ) -> (Result<u64, Error<Code>>, Asked) {
        let asked = RefCell::new(Vec::new());
        let pages = RefCell::new(pages.into_iter());
        let page = |n: i64, from: &str, to: &str, key: &str| -> Ready<Answer> {
            asked.borrow_mut().push((n, from.to_owned(), to.to_owned(), key.to_owned()));
            ready(pages.borrow_mut().next().expect("no more pages than the lookup said"))
        };
        let out = now(recover(result, 1_000_000, Window { minutes: 10 }, zoned, page, |r: Record| r));
        (out, asked.into_inner())
    }

    fn lookup_of(out: Result<u64, Error<Code>>) -> Lookup {
        match out {
            Err(Error::MayAlreadyExist { task_name, answer, lookup }) => {
                assert_eq!((task_name.as_str(), answer.status), ("june", Code(-41)));
                lookup
            }
            other => panic!("expected MayAlreadyExist, got {other:?}"),
        }
    }

    #[test]
    fn any_other_outcome_passes_through_without_a_lookup() {
        let (out, asked) = recover_over(Ok(7), vec![], |at| Some(at.to_string()));
        assert_eq!(out.unwrap(), 7);
        assert!(asked.is_empty());
        let (out, asked) = recover_over(Err(Error::Timeout), vec![], |at| Some(at.to_string()));
        assert!(matches!(out, Err(Error::Timeout)));
        assert!(asked.is_empty());
    }

    #[test]
    fn the_one_exact_match_on_any_page_is_the_answer() {
        let pages = vec![
            Ok((vec![record("june 2", Some(1)), (None, Some(2))], 2)),
            Ok((vec![record("june", Some(3)), record("June", Some(4))], 2)),
        ];
        let (out, asked) = recover_over(duplicate(), pages, |at| Some(format!("t{at}")));
        assert_eq!(out.unwrap(), 3);
        let pages: Vec<i64> = asked.iter().map(|(n, ..)| *n).collect();
        assert_eq!(pages, [1, 2]);
        let (_, from, to, key) = &asked[0];
        assert_eq!(from, "t400000", "ten minutes before the first attempt");
        let to: i64 = to[1..].parse().unwrap();
        assert!(to >= now_epoch_millis() - 1_000 + 600_000, "ten minutes after now: {to}");
        assert_eq!(key, "june");
    }

    #[test]
    fn none_several_or_one_without_an_answer_is_still_may_already_exist() {
        let zoned = |at: i64| Some(at.to_string());
        let fuzzy = vec![Ok((vec![record("june 2", Some(1))], 1))];
        assert_eq!(lookup_of(recover_over(duplicate(), fuzzy, zoned).0), Lookup::NoMatch);
        let two = vec![Ok((vec![record("june", Some(1)), record("june", Some(2))], 1))];
        assert_eq!(lookup_of(recover_over(duplicate(), two, zoned).0), Lookup::Ambiguous(2));
        let unreadable = vec![Ok((vec![record("june", None)], 1))];
        assert_eq!(lookup_of(recover_over(duplicate(), unreadable, zoned).0), Lookup::Ambiguous(1));
    }

    #[test]
    fn a_failed_lookup_or_an_unwritable_window_says_why() {
        let failed = vec![Ok((vec![record("june 2", Some(1))], 2)), Err(Error::Timeout)];
        let (out, asked) = recover_over(duplicate(), failed, |at| Some(at.to_string()));
        assert_eq!(lookup_of(out), Lookup::Failed(Error::<Code>::Timeout.to_string()));
        assert_eq!(asked.len(), 2);
        let (out, asked) = recover_over(duplicate(), vec![], |_| None);
        assert!(matches!(lookup_of(out), Lookup::Failed(why) if why.contains("clock")));
        assert!(asked.is_empty());
    }
}
