//! The lifecycle commands from the library, in process: each writes to the writers it is given
//! and returns its exit code, so the test reads both without starting the binary.

use clap::Parser;
use itnio_cli::lifecycle::{self, Console, Recall, Tasks};
use itnio_mock::MockServer;
use itnio_voice::{Client, ScenarioKind};

/// The `tasks` and `recall` subcommands, parsed as the binary parses them.
#[derive(Parser)]
enum Line {
    #[command(subcommand)]
    Tasks(Tasks),
    #[command(subcommand)]
    Recall(Recall),
    Balance,
}

/// Runs `words` (`tasks list`, ...) against `client`: exit code, stdout, stderr.
async fn run(client: &Client, words: &[&str]) -> (u8, String, String) {
    let line = Line::try_parse_from(std::iter::once("itnio").chain(words.iter().copied())).unwrap();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut console = Console { out: &mut out, err: &mut err, terminal: false };
    let code = match line {
        Line::Tasks(t) => lifecycle::tasks(client, t, &mut console).await,
        Line::Recall(r) => lifecycle::recall(client, r, &mut console).await,
        Line::Balance => lifecycle::balance(client, &mut console).await,
    };
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[tokio::test]
async fn task_commands_write_to_their_writers_and_return_their_codes() {
    let mock = MockServer::start().await.unwrap();
    mock.register_agent(41, ScenarioKind::DebtCollection);
    let client = mock.client().build().unwrap();
    let body = serde_json::json!({
        "appId": "app", "taskName": "lifecycle", "agentId": 41,
        "numberInfoList": [{"calleeNumber": "463200000007",
            "callInformation": {"name": "N", "borrow_total_money": "1", "due_date": "2026-02-02"}}]
    });
    let request =
        itnio_voice::wire::AgentSendRequest::from_json(&serde_json::to_vec(&body).unwrap()).unwrap();
    let id = client.agent_send_wire(&request, None).await.unwrap();

    let (code, out, err) = run(&client, &["tasks", "list"]).await;
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("taskId\tstatus"), "{out}");
    assert!(lines[1].starts_with(&format!("{id}\t")) && lines[1].ends_with("\tlifecycle"), "{out}");
    assert_eq!(err.trim(), "1 tasks");

    let (code, out, _) = run(&client, &["tasks", "list", "--status", "finished"]).await;
    assert_eq!((code, out.lines().count()), (0, 1), "only the header: {out}");

    let (code, out, err) = run(&client, &["tasks", "cancel", &id.to_string()]).await;
    assert_eq!((code, out.trim()), (0, format!("cancelled {id}").as_str()), "{err}");

    // An API refusal is exit code 1 with the code on stderr, nothing on stdout.
    let (code, out, err) = run(&client, &["tasks", "cancel", "999999"]).await;
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with("itnio: error -24"), "{err}");

    let (code, out, err) = run(&client, &["balance"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out.lines().map(|l| l.split('\t').next().unwrap()).collect::<Vec<_>>(),
        ["balance", "gift", "credit"]
    );

    // A usage error the parser cannot see is exit code 2.
    let (code, _, err) = run(&client, &["recall", "cancel"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("--flow, --task or --from-node"), "{err}");
}
