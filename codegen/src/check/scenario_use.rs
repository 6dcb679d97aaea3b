//! How each struct depends on the agent's scenario, worked out to a fixed point over the
//! struct graph.

use super::*;

/// Marks which structs depend on the scenario: directly through callInformation (one struct per
/// scenario) or recall intents, or through a nested struct that does (generic).
pub(super) fn resolve_scenario_use(structs: &mut [Struct]) {
    fn direct(ty: &FieldType) -> Option<ScenarioUse> {
        match ty {
            FieldType::CallInformation => Some(ScenarioUse::PerScenario),
            FieldType::RecallIntent => Some(ScenarioUse::Generic),
            FieldType::List { item, .. } => direct(item),
            _ => None,
        }
    }
    fn nested(ty: &FieldType) -> Option<StructId> {
        match ty {
            FieldType::Struct(n) => Some(*n),
            FieldType::List { item, .. } => nested(item),
            _ => None,
        }
    }
    for s in structs.iter_mut() {
        for fd in &s.fields {
            match direct(&fd.ty) {
                Some(ScenarioUse::PerScenario) => s.scenario_use = ScenarioUse::PerScenario,
                Some(ScenarioUse::Generic) if s.scenario_use == ScenarioUse::None => {
                    s.scenario_use = ScenarioUse::Generic
                }
                _ => {}
            }
        }
    }
    // Propagate through nesting until nothing changes (the struct graph is small).
    loop {
        let mut changed = false;
        for i in 0..structs.len() {
            if structs[i].scenario_use != ScenarioUse::None {
                continue;
            }
            let depends = structs[i]
                .fields
                .iter()
                .filter_map(|fd| nested(&fd.ty))
                .any(|n| structs.get(n.0).is_some_and(|s| s.scenario_use != ScenarioUse::None));
            if depends {
                structs[i].scenario_use = ScenarioUse::Generic;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
