//! The generated enums against the spec tables they come from.

use itnio_tests::spec_dir;
use itnio_voice::*;

fn api() -> codegen::model::Api {
    codegen::load_spec(&spec_dir()).expect("spec loads")
}

#[test]
fn status_codes_match_the_spec() {
    let api = api();
    assert_eq!(StatusCode::DOCUMENTED.len(), api.status_codes.len());
    for spec in &api.status_codes {
        let code = StatusCode::from_code(spec.code);
        assert!(!code.is_unknown(), "{}", spec.code);
        assert_eq!(code.code(), spec.code);
        assert_eq!(code.message(), spec.message);
        assert_eq!(code.to_string(), spec.message);
        assert_eq!(
            code.category().map(StatusCategory::id),
            spec.category.map(|id| api.category(id).id.as_str())
        );
        assert_eq!(code.retry_class().id(), spec.retry.id(), "{}", spec.code);
        assert_eq!(code.is_retryable(), spec.retry.id() != "never", "{}", spec.code);
        assert_eq!(code.is_success(), spec.code == 0);
    }
}

#[test]
fn unknown_status_codes_keep_the_raw_code() {
    let code = StatusCode::from_code(-999);
    assert_eq!(code, StatusCode::Unknown(-999));
    assert_eq!(code.code(), -999);
    assert_eq!(code.to_string(), "unknown status code -999");
    assert_eq!(code.category(), None);
    assert!(!code.is_retryable());
    assert_eq!(StatusCode::from(-41), StatusCode::TaskNameExists);
    assert_eq!(StatusCode::RecallIntentMismatch.category(), Some(StatusCategory::Validation));
    assert!(StatusCode::TimestampExpires.is_retryable());
    assert_eq!(StatusCode::TimestampExpires.retry_class(), retry::RetryClass::Resign);
    assert_eq!(StatusCode::PortProgramUnusual.retry_class(), retry::RetryClass::Backoff);
    assert_eq!(StatusCode::ConcurrentTaskLimit.retry_class(), retry::RetryClass::OptIn);
    assert_eq!(StatusCode::TaskNameExists.retry_class(), retry::RetryClass::Never);
}

#[test]
fn intents_match_the_spec_tables() {
    let api = api();
    let mut seen = std::collections::BTreeSet::new();
    for table in &api.intent_tables {
        for row in &table.intents {
            let intent = Intent::from_code(&row.code);
            assert!(!intent.is_unknown(), "{}", row.code);
            assert_eq!(intent.code(), row.code);
            assert_eq!(
                intent.scenario().map(ScenarioKind::cli_name),
                table.scenario.map(|s| api.scenario(s).cli.as_str())
            );
            if let Some(group) = &row.group {
                assert_eq!(intent.group().map(IntentGroup::name), Some(group.as_str()), "{}", row.code);
            }
            // A code printed twice is displayed with the first table's wording.
            if seen.insert(row.code.clone()) {
                assert_eq!(intent.name(), Some(row.name.as_str()));
                assert_eq!(intent.to_string(), row.name);
            }
        }
    }
    assert_eq!(Intent::DOCUMENTED.len(), seen.len());
    assert_eq!(seen.len(), 2 + 9 + 13 + 5 + 12);
}

#[test]
fn unknown_intents_keep_the_raw_code() {
    let intent = Intent::from_code("101");
    assert_eq!(intent, Intent::Unknown("101".into()));
    assert_eq!(intent.code(), "101");
    assert_eq!(intent.to_string(), "unknown intent 101");
    assert_eq!(serde_json::from_str::<Intent>("\"2019\"").unwrap(), Intent::DebtDeniesLoanFundsNotReceived);
    assert_eq!(serde_json::to_string(&Intent::RelayNonTargetContact).unwrap(), "\"407\"");
    assert_eq!(Intent::DebtNoResponse.group(), Some(IntentGroup::NoResponseFromCustomer));
    assert_eq!(Intent::DebtVoicemail.group(), None, "201 is a first-level code only");
    assert_eq!(Intent::NotCalled.scenario(), None);
}

#[test]
fn each_scenario_recalls_by_its_own_and_the_general_intents() {
    let api = api();
    for s in &api.scenarios {
        let kind = ScenarioKind::from_cli_name(&s.cli).unwrap();
        let mut allowed: Vec<&str> = Vec::new();
        for t in api.tables_of(s) {
            for r in &t.intents {
                if !allowed.contains(&r.code.as_str()) {
                    allowed.push(&r.code);
                }
            }
        }
        let typed: Vec<&str> = match kind {
            ScenarioKind::DebtCollection => {
                DebtCollectionRecallIntent::ALL.iter().map(|i| i.code()).collect()
            }
            ScenarioKind::EmergencyContact => {
                EmergencyContactRecallIntent::ALL.iter().map(|i| i.code()).collect()
            }
            ScenarioKind::Marketing => MarketingRecallIntent::ALL.iter().map(|i| i.code()).collect(),
        };
        assert_eq!(typed, allowed, "{}", s.cli);
        for intent in Intent::DOCUMENTED {
            assert_eq!(
                kind.allows_recall_intent(intent.code()),
                allowed.contains(&intent.code()),
                "{} {}",
                s.cli,
                intent.code()
            );
        }
    }
    assert_eq!(DebtCollectionRecallIntent::AlreadyPaid.intent(), Intent::DebtAlreadyPaid);
    assert_eq!(Intent::from(MarketingRecallIntent::NotCalled), Intent::NotCalled);
}

#[test]
fn call_information_keys_match_the_spec() {
    let api = api();
    assert_eq!(CallInformationKey::ALL.len(), api.call_information.keys.len());
    for (key, spec) in CallInformationKey::ALL.iter().zip(&api.call_information.keys) {
        assert_eq!(key.key(), spec.key);
        assert_eq!(key.variable(), spec.variable);
        assert_eq!(Some(key.description()), spec.doc.as_deref());
        assert_eq!(CallInformationKey::from_key(&spec.key), Some(*key));
    }
    let debt: Vec<&str> =
        ScenarioKind::DebtCollection.required_call_information_keys().iter().map(|k| k.key()).collect();
    assert_eq!(debt, ["name", "borrow_total_money", "due_date"]);
    assert!(!ScenarioKind::Marketing.uses_call_information());
    assert_eq!("emergency-contact".parse::<ScenarioKind>(), Ok(ScenarioKind::EmergencyContact));
    assert_eq!(
        "debt".parse::<ScenarioKind>().unwrap_err().to_string(),
        "unknown scenario `debt` (expected one of debt-collection, emergency-contact, marketing)"
    );
}

#[test]
fn integer_enums_match_the_spec() {
    assert_eq!(RecallType::ALL.map(RecallType::code), [0, 1, 3]);
    assert_eq!(RecallType::from_code(2), None);
    assert_eq!(Recording::from_code(1), Some(Recording::Yes));
    // In the docs' words, not Rust's.
    assert_eq!(
        RecallType::EXPECTED,
        "must be one of 0 (call every callee again), 1 (call again the callees whose call failed), 3 (call again the callees whose call ended with one of `recallIntent`)"
    );
    assert_eq!(RecallType::RULE, "recall_type.value");
}

/// Each enum's names are the spec's variant names, in `ALL` order, and read back whatever their
/// case or punctuation; a name no value has reads as nothing.
#[test]
fn enum_names_are_the_specs_and_read_back() {
    let api = api();
    let spec = |name: &str| -> Vec<String> {
        api.enums.iter().find(|e| e.name == name).unwrap().values.iter().map(|v| v.variant.clone()).collect()
    };
    assert_eq!(itnio_voice::TaskStatus::NAMES.to_vec(), spec("TaskStatus"));
    assert_eq!(itnio_voice::RecallType::NAMES.to_vec(), spec("RecallType"));
    for status in itnio_voice::TaskStatus::ALL {
        assert_eq!(itnio_voice::TaskStatus::from_name(status.name()), Some(status));
        assert_eq!(itnio_voice::TaskStatus::from_name(&status.name().to_uppercase()), Some(status));
    }
    assert_eq!(itnio_voice::TaskStatus::from_name("fin-ished"), Some(itnio_voice::TaskStatus::Finished));
    assert_eq!(itnio_voice::TaskStatus::from_name("done"), None);
    assert_eq!(itnio_voice::Currency::from_name("eur"), Some(itnio_voice::Currency::Eur));
}
