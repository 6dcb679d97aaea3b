//! Sending a plan's parts in order, each exactly once, across crashes and lost answers. A state
//! file records, before each part is sent, that it is being sent, and after, its task ID; it is
//! written to a temporary file, synced and renamed, so a crash leaves the old state or the new.
//! Run again, a part with an ID is skipped; a part that was being sent is looked up by its
//! name in the task list (its creation may have succeeded with the answer lost) and sent only
//! when no such task exists; a part never begun is sent. A plan that differs from the one the
//! state file was written for is refused.

use crate::ledger::Ledger;
use crate::plan::{Part, Plan};
use itnio_voice::{
    Client, Error, LocalDateTime, StatusCode, TaskQueryParams, TaskQueryRequest, page_number, page_size,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// How far around the moment a part began to be sent its task is looked for.
const LOOKUP_MINUTES: i64 = 10;

/// The state file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// SHA-256 of the plan's part names and callee numbers, so that a state file is never
    /// applied to another plan.
    pub plan: String,
    pub parts: Vec<PartState>,
}

/// One part's progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartState {
    pub name: String,
    /// When sending began, epoch milliseconds; absent until then.
    pub began_ms: Option<i64>,
    /// The task's ID once known.
    pub task_id: Option<i64>,
}

/// Why sending stopped.
#[derive(Debug)]
pub enum SendError {
    /// The plan has errors: nothing is sent.
    Invalid,
    /// The state file belongs to another plan, or it or the ledger cannot be read or written.
    State(String),
    /// A part could not be created; earlier parts were, and are recorded.
    Part { name: String, error: Error },
    /// A task of a part's name exists, but this campaign's state does not record sending it.
    NameTaken { name: String },
    /// Whether a part's task was created is unknown (its answer was lost and the lookup did not
    /// settle it); run again to look again.
    Unknown { name: String, why: String },
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Invalid => f.write_str("the plan has errors; nothing was sent"),
            SendError::State(why) => write!(f, "state file: {why}"),
            SendError::Part { name, error } => write!(f, "{name}: {error}"),
            SendError::NameTaken { name } => write!(
                f,
                "{name}: a task of this name exists, and the state file does not record sending it; rename the campaign or remove that task"
            ),
            SendError::Unknown { name, why } => {
                write!(f, "{name}: whether the task was created is unknown ({why}); run again to look again")
            }
        }
    }
}

impl std::error::Error for SendError {}

/// The default state file of a campaign file: `campaign.yaml` → `campaign.state.json` beside it.
pub fn default_state_path(campaign_file: &Path) -> PathBuf {
    campaign_file.with_extension("state.json")
}

/// The plan's fingerprint: its parts' names and callee numbers, in order.
pub fn fingerprint(plan: &Plan) -> String {
    let mut hash = Sha256::new();
    for part in &plan.parts {
        hash.update(part.name.as_bytes());
        hash.update([0]);
        plan.callee_numbers(part, |number| {
            hash.update(number.as_bytes());
            hash.update([1]);
        });
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn load(path: &Path, plan: &Plan) -> Result<State, SendError> {
    let fresh = State {
        plan: fingerprint(plan),
        parts: plan
            .parts
            .iter()
            .map(|p| PartState { name: p.name.clone(), began_ms: None, task_id: None })
            .collect(),
    };
    let text = match std::fs::read(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(fresh),
        Err(e) => return Err(SendError::State(format!("{}: {e}", path.display()))),
    };
    let state: State = serde_json::from_slice(&text)
        .map_err(|e| SendError::State(format!("{}: not a campaign state file: {e}", path.display())))?;
    if state.plan != fresh.plan || state.parts.len() != fresh.parts.len() {
        return Err(SendError::State(format!(
            "{} was written for another plan (other rows, or another split); give another --state file",
            path.display()
        )));
    }
    Ok(state)
}

fn save(path: &Path, state: &State) -> Result<(), SendError> {
    let fail = |e: std::io::Error| SendError::State(format!("{}: {e}", path.display()));
    let temp = path.with_extension("state.json.tmp");
    let text = serde_json::to_vec_pretty(state).map_err(|e| SendError::State(e.to_string()))?;
    {
        use std::io::Write;
        let mut file = std::fs::File::create(&temp).map_err(fail)?;
        file.write_all(&text).map_err(fail)?;
        file.sync_all().map_err(fail)?;
    }
    std::fs::rename(&temp, path).map_err(fail)
}

/// What happened to one part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub name: String,
    pub task_id: i64,
    /// Whether this run created it (else an earlier run did).
    pub created_now: bool,
}

/// Sends the plan's parts in order with `client`, recording progress in `state_path`, and calls
/// `progress` after each part. Stops at the first part that fails; the parts before it are
/// recorded, and a run again goes on from there.
pub async fn send(
    plan: &Plan,
    client: &Client,
    state_path: &Path,
    mut ledger: Option<&mut Ledger>,
    mut progress: impl FnMut(&Sent),
) -> Result<Vec<Sent>, SendError> {
    if !plan.is_sendable() {
        return Err(SendError::Invalid);
    }
    let mut state = load(state_path, plan)?;
    let mut out = Vec::new();
    for (i, part) in plan.parts.iter().enumerate() {
        let name = part.name.clone();
        let record = |task_id: i64, created_now: bool| Sent { name: name.clone(), task_id, created_now };
        if let Some(id) = state.parts[i].task_id {
            note_id(ledger.as_deref_mut(), plan, part, id)?;
            let sent = record(id, false);
            progress(&sent);
            out.push(sent);
            continue;
        }
        if let Some(began) = state.parts[i].began_ms {
            // An earlier run began it: the task may exist with its answer lost.
            match lookup(client, &name, began).await {
                Ok(Some(id)) => {
                    note_id(ledger.as_deref_mut(), plan, part, id)?;
                    state.parts[i].task_id = Some(id);
                    save(state_path, &state)?;
                    let sent = record(id, false);
                    progress(&sent);
                    out.push(sent);
                    continue;
                }
                Ok(None) => {}
                Err(why) => return Err(SendError::Unknown { name, why }),
            }
        }
        // Built now, one part at a time: a part of 200,000 callees holds some 360 MB as a request.
        let request = plan.request(part);
        if let Some(ledger) = ledger.as_deref_mut() {
            ledger
                .record(&request, &plan.campaign.name, now_ms())
                .map_err(|e| SendError::State(e.to_string()))?;
        }
        state.parts[i].began_ms = Some(now_ms());
        save(state_path, &state)?;
        let sent = client.agent_send_wire(&request, Some(plan.campaign.scenario)).await;
        drop(request);
        match sent {
            Ok(id) => {
                note_id(ledger.as_deref_mut(), plan, part, id.get())?;
                state.parts[i].task_id = Some(id.get());
                save(state_path, &state)?;
                let sent = record(id.get(), true);
                progress(&sent);
                out.push(sent);
            }
            Err(Error::Api(e)) if e.status == StatusCode::TaskNameExists => {
                return Err(SendError::NameTaken { name });
            }
            Err(e @ Error::MayAlreadyExist { .. }) => {
                return Err(SendError::Unknown { name, why: e.to_string() });
            }
            Err(error) => return Err(SendError::Part { name, error }),
        }
    }
    Ok(out)
}

/// Records a part's task ID in the ledger, if one is kept (a part sent before the ledger was
/// given is recorded from the plan first).
fn note_id(ledger: Option<&mut Ledger>, plan: &Plan, part: &Part, id: i64) -> Result<(), SendError> {
    let Some(ledger) = ledger else { return Ok(()) };
    let fail = |e: crate::ledger::LedgerError| SendError::State(e.to_string());
    if !ledger.has_task(&part.name).map_err(fail)? {
        ledger.record(&plan.request(part), &plan.campaign.name, now_ms()).map_err(fail)?;
    }
    ledger.set_task_id(&part.name, id).map_err(fail)
}

fn now_ms() -> i64 {
    i64::try_from(itnio_voice::now_epoch_seconds()).unwrap_or(i64::MAX / 1000) * 1000
}

/// The ID of the task named `name` created around `began_ms`, if exactly one is listed.
async fn lookup(client: &Client, name: &str, began_ms: i64) -> Result<Option<i64>, String> {
    let window = LOOKUP_MINUTES * 60_000;
    let (Some(from), Some(to)) = (
        LocalDateTime::at_epoch_millis(began_ms - window),
        LocalDateTime::at_epoch_millis(now_ms() + window),
    ) else {
        return Err("the clock is outside the dates the API can take".to_owned());
    };
    let params = TaskQueryParams::builder().str_time(from).end_time(to).search_condition(name).build();
    let request =
        TaskQueryRequest::builder().current(page_number!(1)).size(page_size!(100)).params(params).build();
    let records = client.task_query_all_pages(&request).await.map_err(|e| e.to_string())?;
    let found: Vec<_> =
        records.iter().filter(|r| r.task_name.as_deref() == Some(name)).map(|r| r.task_id).collect();
    match found.as_slice() {
        [] => Ok(None),
        [Some(id)] => Ok(Some(id.get())),
        [None] => Err("the task list shows the task without an ID".to_owned()),
        many => Err(format!("the task list shows {} tasks of this name", many.len())),
    }
}
