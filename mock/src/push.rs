//! The mock's status-report pushes, so that the whole loop (send, receive, reconcile) can be
//! rehearsed without credentials: as a task's calls progress in the task list, the report of
//! each callee called is posted to a URL, in batches, shaped like the docs' push (plus
//! `taskId`, as the sibling voice push carries it: quirk `push_undocumented`). Like ITNIO, a
//! batch that is not answered 200 is sent again a few times, then given up. Faults on request
//! lose, repeat, delay or reorder a batch.

use itnio_voice::{Intent, ScenarioKind};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Notify, mpsc};

/// Where and how the mock pushes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushConfig {
    /// The receiver's URL.
    pub url: String,
    /// Reports per push. Default 100.
    pub batch_size: usize,
    /// Deliveries of one batch before it is given up (ITNIO's family docs mention 3 for a
    /// sibling push). Default 3.
    pub attempts: u32,
    /// The pause before a batch is sent again. Default 200 ms (ITNIO's: minutes).
    pub retry_delay: Duration,
}

impl PushConfig {
    /// Pushes to `url`, with the defaults.
    pub fn to(url: impl Into<String>) -> Self {
        PushConfig { url: url.into(), batch_size: 100, attempts: 3, retry_delay: Duration::from_millis(200) }
    }
}

/// A fault applied to the next batch pushed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushFault {
    /// Never sent, as if every delivery had failed.
    Lose,
    /// Sent twice.
    Repeat,
    /// Sent after this delay, while the batches after it go on (they arrive first).
    Delay(Duration),
    /// Held back and sent after the next batch.
    Reorder,
}

impl std::str::FromStr for PushFault {
    type Err = String;

    /// `lose`, `repeat`, `reorder`, or `delay=MILLISECONDS`.
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "lose" => Ok(PushFault::Lose),
            "repeat" => Ok(PushFault::Repeat),
            "reorder" => Ok(PushFault::Reorder),
            _ => match s.strip_prefix("delay=").map(str::parse::<u64>) {
                Some(Ok(ms)) => Ok(PushFault::Delay(Duration::from_millis(ms))),
                _ => Err(format!("`{s}` is not a push fault: lose, repeat, reorder or delay=MILLISECONDS")),
            },
        }
    }
}

/// One batch the mock pushed, and what became of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedBatch {
    /// The task whose reports it holds.
    pub task_id: i64,
    /// The reports' `voiceId`s.
    pub voice_ids: Vec<String>,
    /// The fault applied to it.
    pub fault: Option<PushFault>,
    /// Deliveries tried (0 when lost on purpose).
    pub attempts: u32,
    /// Whether the receiver answered 200.
    pub delivered: bool,
}

struct Batch {
    task_id: i64,
    voice_ids: Vec<String>,
    body: String,
    fault: Option<PushFault>,
}

/// The pusher: a queue of batches and one task that posts them in order.
pub(crate) struct Pusher {
    queue: mpsc::UnboundedSender<Batch>,
    faults: Mutex<VecDeque<PushFault>>,
    batch_size: usize,
    settled: Arc<Settled>,
    log: Arc<Mutex<Vec<PushedBatch>>>,
}

/// Batches queued but not yet delivered or given up, and a wake-up for who waits for none.
#[derive(Default)]
struct Settled {
    pending: AtomicUsize,
    notify: Notify,
}

impl Settled {
    fn done(&self) {
        if self.pending.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.notify.notify_waiters();
        }
    }
}

/// A callee called, as the pusher reports it.
pub(crate) struct Call<'a> {
    pub task_id: i64,
    /// 1-based position of the callee in the task's list.
    pub index: usize,
    pub callee: &'a str,
    pub display_num: Option<&'a str>,
    pub agent_id: Option<i64>,
    pub scenario: Option<ScenarioKind>,
    pub succeeded: bool,
    /// `yyyyMMddHHmmss`, the push's time format, in the server's zone.
    pub time: &'a str,
}

impl Pusher {
    /// Starts the pushing task. Must be called inside a Tokio runtime.
    pub(crate) fn start(config: PushConfig) -> Pusher {
        let (queue, batches) = mpsc::unbounded_channel();
        let settled = Arc::new(Settled::default());
        let log = Arc::new(Mutex::new(Vec::new()));
        let batch_size = config.batch_size.max(1);
        tokio::spawn(run(config, batches, settled.clone(), log.clone()));
        Pusher { queue, faults: Mutex::new(VecDeque::new()), batch_size, settled, log }
    }

    pub(crate) fn inject(&self, fault: PushFault) {
        lock(&self.faults).push_back(fault);
    }

    /// Queues the reports of `calls` (one task's), in batches.
    pub(crate) fn push(&self, calls: &[Call<'_>]) {
        for chunk in calls.chunks(self.batch_size) {
            let Some(first) = chunk.first() else { continue };
            let reports: Vec<serde_json::Value> = chunk.iter().map(report).collect();
            let voice_ids = chunk.iter().map(voice_id).collect();
            let body = serde_json::Value::Array(reports).to_string();
            let fault = lock(&self.faults).pop_front();
            self.settled.pending.fetch_add(1, Ordering::SeqCst);
            let batch = Batch { task_id: first.task_id, voice_ids, body, fault };
            if self.queue.send(batch).is_err() {
                self.settled.done();
            }
        }
    }

    pub(crate) fn pushed(&self) -> Vec<PushedBatch> {
        lock(&self.log).clone()
    }

    /// Returns once every batch queued so far is delivered or given up.
    pub(crate) async fn settled(&self) {
        loop {
            let notified = self.settled.notify.notified();
            if self.settled.pending.load(Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn voice_id(call: &Call<'_>) -> String {
    format!("{}-{}", call.task_id, call.index)
}

/// The intents a successful call ends with, by the agent's scenario (the generated tables').
fn intents(scenario: Option<ScenarioKind>) -> &'static [Intent] {
    match scenario {
        Some(ScenarioKind::Marketing) => {
            &[Intent::MarketingInterested, Intent::MarketingNotInterested, Intent::MarketingIntentUnknown]
        }
        Some(ScenarioKind::EmergencyContact) => {
            &[Intent::RelayAgreesToConvey, Intent::RelayAlreadyInformed, Intent::RelayRefusesToConvey]
        }
        Some(ScenarioKind::DebtCollection) | None => &[
            Intent::DebtPromiseToPayOnTime,
            Intent::DebtPromiseToPayDeferred,
            Intent::DebtRefusesToPay,
            Intent::DebtAlreadyPaid,
            Intent::DebtNoResponse,
        ],
    }
}

fn report(call: &Call<'_>) -> serde_json::Value {
    let (intent, code, reason, agent_seconds) = if call.succeeded {
        let intents = intents(call.scenario);
        (
            intents[call.index % intents.len()].code().to_owned(),
            "0",
            "Normal hang-up",
            30 + (call.index % 90) as i64,
        )
    } else {
        (Intent::CalledNotConnected.code().to_owned(), "1", "No answer", 0)
    };
    let mut report = serde_json::json!({
        "voiceId": voice_id(call),
        "taskId": call.task_id,
        "type": 1,
        "callee": call.callee,
        "submitTime": call.time,
        "callTime": call.time,
        "hangupTime": call.time,
        "billPeriod": "60+60",
        "chargedDuration": if call.succeeded { 60 } else { 0 },
        "rate": "0.0120",
        "cost": if call.succeeded { "0.0120" } else { "0" },
        "aiAgentChargedDuration": agent_seconds,
        "aiAgentBillPeriod": "60+60",
        "aiAgentQuoteRate": "0.0300",
        "aiAgentQuoteFee": if call.succeeded { "0.0300" } else { "0" },
        "terminationCode": code,
        "terminationReason": reason,
        "intent": intent,
    });
    if let Some(object) = report.as_object_mut() {
        if let Some(display) = call.display_num {
            object.insert("displayNum".into(), display.into());
        }
        if let Some(agent) = call.agent_id {
            object.insert("scriptId".into(), agent.into());
        }
        if call.succeeded {
            object.insert("answerTime".into(), call.time.into());
        }
    }
    report
}

async fn run(
    config: PushConfig,
    mut batches: mpsc::UnboundedReceiver<Batch>,
    settled: Arc<Settled>,
    log: Arc<Mutex<Vec<PushedBatch>>>,
) {
    let client = reqwest::Client::new();
    let delivery = Delivery { client, config, settled, log };
    // A batch held back by `Reorder`, sent after the next one (or once none comes).
    let mut held: Option<Batch> = None;
    loop {
        let next = match held {
            Some(_) => match tokio::time::timeout(Duration::from_millis(200), batches.recv()).await {
                Ok(next) => next,
                Err(_) => {
                    if let Some(batch) = held.take() {
                        delivery.deliver(batch).await;
                    }
                    continue;
                }
            },
            None => batches.recv().await,
        };
        let Some(batch) = next else { break };
        match batch.fault {
            Some(PushFault::Lose) => delivery.record(&batch, 0, false),
            Some(PushFault::Reorder) if held.is_none() => {
                held = Some(batch);
                continue;
            }
            Some(PushFault::Delay(pause)) => {
                let delivery = delivery.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(pause).await;
                    delivery.deliver(batch).await;
                });
            }
            _ => delivery.deliver(batch).await,
        }
        if let Some(batch) = held.take() {
            delivery.deliver(batch).await;
        }
    }
}

#[derive(Clone)]
struct Delivery {
    client: reqwest::Client,
    config: PushConfig,
    settled: Arc<Settled>,
    log: Arc<Mutex<Vec<PushedBatch>>>,
}

impl Delivery {
    /// Posts the batch until it is answered 200 or the attempts are spent (twice for `Repeat`).
    async fn deliver(&self, batch: Batch) {
        let times = if batch.fault == Some(PushFault::Repeat) { 2 } else { 1 };
        let (mut attempts, mut delivered) = (0, false);
        for _ in 0..times {
            delivered = false;
            for attempt in 1..=self.config.attempts.max(1) {
                attempts += 1;
                let answer = self
                    .client
                    .post(&self.config.url)
                    .header("Content-Type", "application/json")
                    .body(batch.body.clone())
                    .send()
                    .await;
                if answer.is_ok_and(|a| a.status() == 200) {
                    delivered = true;
                    break;
                }
                if attempt < self.config.attempts {
                    tokio::time::sleep(self.config.retry_delay).await;
                }
            }
        }
        self.record(&batch, attempts, delivered);
    }

    fn record(&self, batch: &Batch, attempts: u32, delivered: bool) {
        if !delivered {
            tracing::warn!(
                task_id = batch.task_id,
                attempts,
                "a push of {} reports was not delivered",
                batch.voice_ids.len()
            );
        }
        lock(&self.log).push(PushedBatch {
            task_id: batch.task_id,
            voice_ids: batch.voice_ids.clone(),
            fault: batch.fault.clone(),
            attempts,
            delivered,
        });
        self.settled.done();
    }
}
