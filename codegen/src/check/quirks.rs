//! `quirks.yaml`: every quirk documented, and each place it `applies_to` resolved.

use super::*;

impl Checker {
    /// Where each quirk applies, by the quirk's index; a place that names nothing is an error.
    pub(super) fn quirk_places(
        &mut self,
        qf: &str,
        quirks: &[raw::Quirk],
        found: &Found<'_>,
    ) -> Vec<Vec<QuirkPlace>> {
        let mut places = Vec::with_capacity(quirks.len());
        for (i, q) in quirks.iter().enumerate() {
            let mut here = Vec::new();
            for (j, place) in q.applies_to.iter().enumerate() {
                match found.quirk_place(place) {
                    Some(p) => here.push(p),
                    None => self.err(
                        qf,
                        format!("quirks[{i}].applies_to[{j}]"),
                        format!("`{place}` names no operation, push, struct, field, type or table (status_codes, intents, call_information)"),
                    ),
                }
            }
            places.push(here);
        }
        places
    }

    pub(super) fn quirks(&mut self, f: &str, quirks: &[raw::Quirk]) {
        for (i, q) in quirks.iter().enumerate() {
            for (name, text) in [("problem", &q.problem), ("handling", &q.handling), ("source", &q.source)] {
                if text.trim().is_empty() {
                    self.err(f, format!("quirks[{i}].{name}"), format!("missing {name}"));
                }
            }
        }
        self.unique(
            f,
            "quirk id",
            quirks.iter().enumerate().map(|(i, q)| (format!("quirks[{i}].id"), q.id.as_str())),
        );
    }
}

/// What a quirk's `applies_to` may name.
pub(super) struct Found<'a> {
    pub(super) constrained: &'a [Constrained],
    pub(super) enums: &'a [EnumType],
    pub(super) operations: &'a [Operation],
    pub(super) pushes: &'a [Push],
}

impl Found<'_> {
    /// `place`: a table, a type, an operation or push, or `<operation or push>.<Struct>[.<field>]`.
    pub(super) fn quirk_place(&self, place: &str) -> Option<QuirkPlace> {
        match place {
            "status_codes" => return Some(QuirkPlace::StatusCodes),
            "intents" => return Some(QuirkPlace::Intents),
            "call_information" => return Some(QuirkPlace::CallInformation),
            _ => {}
        }
        if let Some(i) = self.constrained.iter().position(|c| c.name == place) {
            return Some(QuirkPlace::Constrained(ConstrainedId(i)));
        }
        if let Some(i) = self.enums.iter().position(|e| e.name == place) {
            return Some(QuirkPlace::Enum(EnumId(i)));
        }
        let mut parts = place.splitn(3, '.');
        let owner = parts.next()?;
        let (st, field) = (parts.next(), parts.next());
        /// The struct named `st` among `names`, and its field `field` among its wire names.
        fn member<'n>(
            mut names: impl Iterator<Item = (&'n str, Vec<&'n str>)>,
            st: &str,
            field: Option<&str>,
        ) -> Option<(StructId, Option<FieldId>)> {
            let (id, (_, wires)) = names.by_ref().enumerate().find(|(_, (n, _))| *n == st)?;
            match field {
                None => Some((StructId(id), None)),
                Some(f) => wires.iter().position(|w| *w == f).map(|j| (StructId(id), Some(FieldId(j)))),
            }
        }
        if let Some(i) = self.operations.iter().position(|o| o.name == owner).map(OperationId) {
            let op = &self.operations[i];
            let Some(st) = st else { return Some(QuirkPlace::Operation(i)) };
            let request = op
                .structs
                .iter()
                .map(|s| (s.name.as_str(), s.fields.iter().map(|f| f.wire.as_str()).collect()));
            if let Some((s, f)) = member(request, st, field) {
                return Some(QuirkPlace::Request(i, s, f));
            }
            let response = op
                .response_structs
                .iter()
                .map(|s| (s.name.as_str(), s.fields.iter().map(|f| f.wire.as_str()).collect()));
            return member(response, st, field).map(|(s, f)| QuirkPlace::Response(i, s, f));
        }
        let i = self.pushes.iter().position(|p| p.name == owner).map(PushId)?;
        let Some(st) = st else { return Some(QuirkPlace::Push(i)) };
        let structs = self.pushes[i]
            .structs
            .iter()
            .map(|s| (s.name.as_str(), s.fields.iter().map(|f| f.wire.as_str()).collect()));
        member(structs, st, field).map(|(s, f)| QuirkPlace::PushStruct(i, s, f))
    }
}
