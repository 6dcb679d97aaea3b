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
