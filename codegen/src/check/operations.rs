//! Operation and push files: their structs, answer, paging and recovery.

use super::*;

impl Checker {
    pub(super) fn operation(
        &mut self,
        f: &str,
        op: &raw::OperationFile,
        constrained: &[Constrained],
        enums: &[EnumType],
    ) -> Operation {
        let doc = self.doc(f, "", &op.doc);
        let response_doc = self.doc(f, "response", &op.response.doc);
        if !naming::is_snake(&op.name) {
            self.err(f, "name", format!("`{}` is not a snake_case operation name", op.name));
        }
        if !op.path.starts_with('/') {
            self.err(f, "path", "the path must start with /");
        }
        // Resolved against api.yaml's spellings by `api`, once operations are read.
        let envelope = SpellingId::default();
        let placement = op.response.placement;
        let response_names: Vec<&str> = op.response_structs.iter().map(|s| s.name.as_str()).collect();
        let data = match op.response.data.as_str() {
            "none" => ResponseData::None,
            "integer" => ResponseData::Integer,
            name if response_names.contains(&name) => ResponseData::Struct(StructId(
                response_names.iter().position(|n| *n == name).unwrap_or_default(),
            )),
            name if constrained.iter().any(|c| c.name == name) => ResponseData::Scalar(ConstrainedId(
                constrained.iter().position(|c| c.name == name).unwrap_or_default(),
            )),
            other => {
                self.err(
                    f,
                    "response.data",
                    format!("unknown response data `{other}` (expected integer, none, a constrained type of types.yaml or a response struct of this file)"),
                );
                ResponseData::None
            }
        };
        if placement == Placement::Body && !matches!(data, ResponseData::Struct(_)) {
            self.err(f, "response.placement", "only a response struct can sit in the body");
        }
        let struct_names: Vec<&str> = op.structs.iter().map(|s| s.name.as_str()).collect();
        let scope = Scope { constrained, enums, structs: &struct_names };
        self.unique(
            f,
            "struct name",
            op.structs
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("structs[{i}].name"), s.name.as_str()))
                .chain(
                    op.response_structs
                        .iter()
                        .enumerate()
                        .map(|(i, s)| (format!("response_structs[{i}].name"), s.name.as_str())),
                ),
        );
        let mut structs = Vec::new();
        for (i, s) in op.structs.iter().enumerate() {
            let p = format!("structs[{i}]");
            self.type_name(f, &format!("{p}.name"), &s.name);
            if constrained.iter().any(|c| c.name == s.name) || enums.iter().any(|e| e.name == s.name) {
                self.err(f, format!("{p}.name"), format!("`{}` is already a type of types.yaml", s.name));
            }
            let sdoc = self.doc(f, &p, &s.doc);
            let mut fields = Vec::new();
            for (j, fd) in s.fields.iter().enumerate() {
                fields.push(self.field(f, &format!("{p}.fields[{j}]"), fd, &scope));
            }
            self.unique(
                f,
                "field",
                s.fields.iter().enumerate().map(|(j, x)| (format!("{p}.fields[{j}].wire"), x.wire.as_str())),
            );
            // The runtime's object reader records the members it has seen in one u128.
            if s.fields.len() > MAX_MEMBERS {
                self.err(
                    f,
                    format!("{p}.fields"),
                    format!("a struct has at most {MAX_MEMBERS} fields, not {}", s.fields.len()),
                );
            }
            structs.push(Struct { name: s.name.clone(), doc: sdoc, fields, scenario_use: ScenarioUse::None });
        }
        let request = match op.request.as_str() {
            "none" => {
                if op.method == raw::Method::Post {
                    self.err(f, "request", "a POST needs a request struct");
                }
                None
            }
            name => {
                if op.method == raw::Method::Get {
                    self.err(f, "request", "a GET has no body: write `request: none`");
                }
                match struct_names.iter().position(|s| *s == name) {
                    Some(i) => Some(StructId(i)),
                    None => {
                        self.err(f, "request", format!("unknown request struct `{name}`"));
                        None
                    }
                }
            }
        };
        resolve_scenario_use(&mut structs);
        let response_structs =
            self.response_structs(f, "response_structs", &op.response_structs, constrained, enums);
        let paging =
            op.paging.as_ref().and_then(|pg| self.paging(f, pg, request, &structs, &data, &response_structs));
        let idempotency_key = op.idempotency_key.as_ref().and_then(|key| {
            let fields = &structs[request?.0].fields;
            let Some(i) = fields.iter().position(|f| &f.wire == key) else {
                self.err(f, "idempotency_key", format!("`{key}` is not a field of {}", op.request));
                return None;
            };
            let fd = &fields[i];
            if !fd.required.is_required() || !matches!(fd.ty, FieldType::String | FieldType::Constrained(_)) {
                self.err(f, "idempotency_key", format!("`{key}` must be a required string field"));
            }
            Some(FieldId(i))
        });
        match (&op.idempotency_key, op.duplicate_code) {
            (None, Some(_)) => self.err(
                f,
                "duplicate_code",
                "a duplicate code needs an `idempotency_key` to be the duplicate of",
            ),
            (Some(_), None) => self.err(
                f,
                "duplicate_code",
                "an operation with an idempotency key names the status code that answers a duplicate",
            ),
            _ => {}
        }
        let rules = op
            .rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| self.rule(f, i, r, &structs, (constrained, enums)))
            .collect();
        Operation {
            name: op.name.clone(),
            method: op.method,
            path: op.path.clone(),
            doc,
            request,
            idempotency_key,
            duplicate_code: op.duplicate_code,
            safe_to_repeat: op.safe_to_repeat,
            response: ResponseShape { envelope, data, placement, doc: response_doc },
            paging,
            recovery: None,
            structs,
            response_structs,
            rules,
        }
    }

    /// Resolves an operation's `recovery` against the other operations, once all are checked.
    pub(super) fn recovery(
        &mut self,
        f: &str,
        op: usize,
        raw: &raw::Recovery,
        operations: &[Operation],
        constrained: &[Constrained],
    ) -> Option<Recovery> {
        let this = &operations[op];
        let doc = self.doc(f, "recovery", &Some(raw.doc.clone()));
        // (A missing duplicate_code is reported on its own.)
        if this.idempotency_key.is_none() {
            self.err(f, "recovery", "a recovery needs the operation's idempotency_key");
        }
        let Some(lookup) = operations.iter().position(|o| o.name == raw.lookup) else {
            self.err(f, "recovery.lookup", format!("unknown operation `{}`", raw.lookup));
            return None;
        };
        let target = &operations[lookup];
        let (Some(request), Some(paging)) = (target.request, target.paging.as_ref()) else {
            self.err(f, "recovery.lookup", format!("`{}` is not a paged list query", raw.lookup));
            return None;
        };
        let mut set = Vec::new();
        let mut resolve = |checker: &mut Self, at: &str, path: &str, value: RecoveryValue| {
            let mut st = request;
            let mut ids = Vec::new();
            let parts: Vec<&str> = path.split('.').collect();
            for (i, part) in parts.iter().copied().enumerate() {
                let s = &target.structs[st.0];
                let Some(id) = s.fields.iter().position(|x| x.wire == part) else {
                    checker.err(f, at, format!("`{part}` is not a member of {}", s.name));
                    return;
                };
                ids.push(FieldId(id));
                match (&s.fields[id].ty, i + 1 < parts.len()) {
                    (FieldType::Struct(next), true) => st = *next,
                    (_, true) => {
                        checker.err(f, at, format!("`{part}` of {} is not an object", s.name));
                        return;
                    }
                    (ty, false) => {
                        let fits = match (&value, ty) {
                            (RecoveryValue::Key, FieldType::String) => true,
                            // A member of the window must be a date-time whose zone the spec states.
                            (RecoveryValue::From | RecoveryValue::To, FieldType::Constrained(c)) => {
                                constrained[*c].utc_offset_seconds.is_some()
                            }
                            (RecoveryValue::Integer(_), FieldType::Integer | FieldType::Constrained(_)) => {
                                true
                            }
                            _ => false,
                        };
                        if !fits {
                            checker.err(
                                f,
                                at,
                                format!("`{path}` cannot hold the value the recovery gives it"),
                            );
                            return;
                        }
                    }
                }
            }
            set.push((ids, value));
        };
        resolve(self, "recovery.key", &raw.key, RecoveryValue::Key);
        resolve(self, "recovery.from", &raw.from, RecoveryValue::From);
        resolve(self, "recovery.to", &raw.to, RecoveryValue::To);
        for (path, value) in &raw.set {
            resolve(self, &format!("recovery.set.{path}"), path, RecoveryValue::Integer(*value));
        }
        let item = &target.response_structs[paging.item.0];
        let member = |checker: &mut Self, at: &str, wire: &str| {
            let found = item.fields.iter().position(|x| x.wire == wire);
            if found.is_none() {
                checker.err(f, at, format!("`{wire}` is not a member of {}", item.name));
            }
            found.map(FieldId)
        };
        let matches = member(self, "recovery.match", &raw.match_);
        let answer = member(self, "recovery.answer", &raw.answer);
        if let (Some(m), Some(a)) = (matches, answer) {
            if item.fields[m.0].ty != ResponseType::String {
                self.err(f, "recovery.match", "the matched member must be text, as the idempotency key is");
            }
            let answers = match (&item.fields[a.0].ty, &this.response.data) {
                (ResponseType::Constrained(x), ResponseData::Scalar(y)) => x == y,
                (ResponseType::Integer, ResponseData::Integer) => true,
                _ => false,
            };
            if !answers {
                self.err(f, "recovery.answer", "the member must have the type of the operation's answer");
            }
        }
        Some(Recovery {
            doc,
            lookup: OperationId(lookup),
            set,
            window_minutes: raw.window_minutes,
            matches: matches?,
            answer: answer?,
        })
    }

    /// Objects read from the server: names, docs and field types (which may be structs of the
    /// same list, and also intents and push times).
    pub(super) fn response_structs(
        &mut self,
        f: &str,
        list: &str,
        raw: &[raw::ResponseStruct],
        constrained: &[Constrained],
        enums: &[EnumType],
    ) -> Vec<ResponseStruct> {
        let names: Vec<&str> = raw.iter().map(|s| s.name.as_str()).collect();
        let scope = Scope { constrained, enums, structs: &names };
        let mut out = Vec::new();
        for (i, s) in raw.iter().enumerate() {
            let p = format!("{list}[{i}]");
            self.type_name(f, &format!("{p}.name"), &s.name);
            if constrained.iter().any(|c| c.name == s.name) || enums.iter().any(|e| e.name == s.name) {
                self.err(f, format!("{p}.name"), format!("`{}` is already a type of types.yaml", s.name));
            }
            let doc = self.doc(f, &p, &s.doc);
            let mut fields = Vec::new();
            for (j, fd) in s.fields.iter().enumerate() {
                let fp = format!("{p}.fields[{j}]");
                let fdoc = self.doc(f, &fp, &fd.doc);
                if !naming::is_ident(&fd.wire) {
                    self.err(f, format!("{fp}.wire"), format!("`{}` is not a plain JSON name", fd.wire));
                }
                if let Some(why) = naming::reserved_field(&fd.wire) {
                    self.err(f, format!("{fp}.wire"), why);
                } else if let Some(why) = naming::unusable_name(&naming::snake(&fd.wire)) {
                    self.err(
                        f,
                        format!("{fp}.wire"),
                        format!("`{}` gives the Rust field `{}`: {why}", fd.wire, naming::snake(&fd.wire)),
                    );
                }
                if fd.table.as_ref().is_some_and(|t| t.required.is_some()) {
                    self.err(f, format!("{fp}.table.required"), "response tables have no Required column");
                }
                let tp = format!("{fp}.type");
                let ty =
                    self.type_expr(f, &tp, &fd.ty).and_then(|expr| self.response_type(f, &tp, &expr, &scope));
                fields.push(ResponseField {
                    wire: fd.wire.clone(),
                    rust: naming::snake(&fd.wire),
                    ty: ty.unwrap_or(ResponseType::String),
                    doc: fdoc,
                });
            }
            self.unique(
                f,
                "field",
                s.fields.iter().enumerate().map(|(j, x)| (format!("{p}.fields[{j}].wire"), x.wire.as_str())),
            );
            out.push(ResponseStruct { name: s.name.clone(), doc, fields });
        }
        out
    }

    pub(super) fn paging(
        &mut self,
        f: &str,
        pg: &raw::Paging,
        request: Option<StructId>,
        structs: &[Struct],
        data: &ResponseData,
        response_structs: &[ResponseStruct],
    ) -> Option<Paging> {
        let request = &structs[request?.0];
        let page = request.fields.iter().position(|x| x.wire == pg.page);
        match page.map(|i| &request.fields[i]) {
            Some(x)
                if matches!(x.ty, FieldType::Constrained(_) | FieldType::Integer)
                    && x.required.is_required() => {}
            _ => self.err(
                f,
                "paging.page",
                format!("`{}` is not a required integer field of {}", pg.page, request.name),
            ),
        }
        let ResponseData::Struct(answer) = data else {
            self.err(f, "paging", "a paged operation answers with a response struct");
            return None;
        };
        let answer = &response_structs[answer.0];
        let records = answer.fields.iter().position(|x| x.wire == pg.records);
        let item = match records.map(|i| &answer.fields[i].ty) {
            Some(ResponseType::List(item)) => match item.as_ref() {
                ResponseType::Struct(id) => Some(*id),
                _ => None,
            },
            _ => None,
        };
        if item.is_none() {
            self.err(
                f,
                "paging.records",
                format!("`{}` is not a list of objects in {}", pg.records, answer.name),
            );
        }
        let pages = answer.fields.iter().position(|x| x.wire == pg.pages);
        if !pages.is_some_and(|i| answer.fields[i].ty == ResponseType::Integer) {
            self.err(f, "paging.pages", format!("`{}` is not an integer field of {}", pg.pages, answer.name));
        }
        Some(Paging { page: FieldId(page?), records: FieldId(records?), item: item?, pages: FieldId(pages?) })
    }

    pub(super) fn push(
        &mut self,
        f: &str,
        push: &raw::PushFile,
        constrained: &[Constrained],
        enums: &[EnumType],
    ) -> Push {
        let doc = self.doc(f, "", &push.doc);
        if !naming::is_snake(&push.name) {
            self.err(f, "name", format!("`{}` is not a snake_case push name", push.name));
        }
        let structs = self.response_structs(f, "structs", &push.structs, constrained, enums);
        let item = match TypeExpr::parse(&push.body) {
            Ok(TypeExpr::List(item)) => match *item {
                TypeExpr::Named(n) => structs.iter().position(|s| s.name == n),
                TypeExpr::List(_) => None,
            },
            _ => None,
        };
        let item = item.map(StructId).unwrap_or_else(|| {
            self.err(f, "body", format!("`{}` is not list<S> of a struct S of this file", push.body));
            StructId(0)
        });
        Push { name: push.name.clone(), doc, file: f.to_owned(), item, structs }
    }
}
