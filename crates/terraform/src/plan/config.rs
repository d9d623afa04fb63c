//! The plan's `configuration`: which attributes the code sets, and the references its
//! expressions make, so that an attribute known only after apply still links two resources
//! (`bucket = aws_s3_bucket.logs.id`) as it does when the HCL is evaluated.
//!
//! Expressions are represented by their references only (`["aws_s3_bucket.b.id",
//! "aws_s3_bucket.b"]`), with module-local addresses. A reference to a variable of a child
//! module is followed to the argument of the module call, and one to a module output to the
//! output's expression, in the right module instance.

use jsonc_parser::ast::{Object, Value as Json};

use super::address::{self, module_address, Call, Step};
use super::json::{get, get_object};

/// How far variables and outputs are followed across modules.
const MAX_HOPS: usize = 16;

/// Names that start a reference to something other than a managed resource.
const NOT_RESOURCES: &[&str] = &[
    "var",
    "local",
    "module",
    "data",
    "count",
    "each",
    "path",
    "terraform",
    "self",
];

/// The `configuration` object of a plan (possibly absent).
pub(super) struct Configuration<'b, 'a> {
    root: Option<&'b Object<'a>>,
}

/// A resource block of the configuration.
pub(super) struct ResourceConfig<'b, 'a> {
    /// Its arguments and nested blocks (`None`: the block sets none).
    expressions: Option<&'b Object<'a>>,
}

/// What the configuration says about one attribute path of a resource.
pub(super) enum Setting<'b, 'a> {
    /// The resource is not in the configuration (or the plan has none): nothing is known.
    NoConfig,
    /// The code does not set it: the provider computes it.
    NotSet,
    /// A block the code writes, or an attribute inside a `dynamic` block (not represented).
    Block,
    /// An expression: `whole` when it gives exactly the value at the path, not a value that
    /// contains it (`tags = local.tags` for the path `tags.Name`).
    Expression {
        expression: &'b Object<'a>,
        whole: bool,
    },
}

/// One step of an attribute path.
#[derive(Debug, Clone, Copy)]
pub(super) enum Seg<'p> {
    Key(&'p str),
    Index(usize),
}

impl<'b, 'a> Configuration<'b, 'a> {
    pub fn new(plan: &'b Object<'a>) -> Self {
        Configuration {
            root: get_object(plan, "configuration").and_then(|c| get_object(c, "root_module")),
        }
    }

    /// The configuration of the module that `calls` instantiates.
    fn module(&self, calls: &[Call]) -> Option<&'b Object<'a>> {
        let mut module = self.root?;
        for call in calls {
            module = get_object(self.call(module, &call.name)?, "module")?;
        }
        Some(module)
    }

    fn call(&self, module: &'b Object<'a>, name: &str) -> Option<&'b Object<'a>> {
        get_object(get_object(module, "module_calls")?, name)
    }

    /// The resource block `local` (`aws_s3_bucket.b`, `data.x.y`) in the module that `calls`
    /// instantiates; `None` when the plan does not describe it.
    pub fn resource(&self, calls: &[Call], local: &str) -> Option<ResourceConfig<'b, 'a>> {
        let module = self.module(calls)?;
        let Some(Json::Array(resources)) = get(module, "resources") else {
            return None;
        };
        resources.elements.iter().find_map(|r| match r {
            Json::Object(r) if super::json::get_str(r, "address") == Some(local) => {
                Some(ResourceConfig {
                    expressions: get_object(r, "expressions"),
                })
            }
            _ => None,
        })
    }

    /// What the configuration of a resource (if the plan has it) sets at `path`.
    pub fn setting(resource: Option<&ResourceConfig<'b, 'a>>, path: &[Seg<'_>]) -> Setting<'b, 'a> {
        /// Where the walk is: in a block, or in the list of a repeated nested block.
        #[derive(Clone, Copy)]
        enum Node<'b, 'a> {
            Block(&'b Object<'a>),
            List(&'b [Json<'a>]),
        }
        let Some(resource) = resource else {
            return Setting::NoConfig;
        };
        let Some(block) = resource.expressions else {
            return Setting::NotSet;
        };
        let mut node = Node::Block(block);
        for (depth, seg) in path.iter().enumerate() {
            node = match (node, seg) {
                (Node::Block(o), _) if depth > 0 && is_expression(o) => {
                    return Setting::Expression {
                        expression: o,
                        whole: false,
                    }
                }
                (Node::Block(o), Seg::Key(key)) => match get(o, key) {
                    None => return Setting::NotSet,
                    // An expression without references whose value Terraform could not
                    // compute alone (`lower("X")`, `jsondecode(…)`): set, value unknown here.
                    Some(Json::Object(child)) if child.properties.is_empty() => {
                        return Setting::Expression {
                            expression: child,
                            whole: depth + 1 == path.len(),
                        }
                    }
                    Some(Json::Object(child)) => Node::Block(child),
                    Some(Json::Array(list)) => Node::List(&list.elements),
                    Some(_) => return Setting::Block,
                },
                // A block of nesting mode "single" is one object in the configuration.
                (Node::Block(o), Seg::Index(0)) => Node::Block(o),
                (Node::List(elements), Seg::Index(i)) => match elements.get(*i) {
                    Some(Json::Object(child)) => Node::Block(child),
                    // More blocks than the code writes: `dynamic` blocks are not represented.
                    _ => return Setting::Block,
                },
                _ => return Setting::Block,
            };
        }
        match node {
            Node::Block(o) if !path.is_empty() && is_expression(o) => Setting::Expression {
                expression: o,
                whole: true,
            },
            _ => Setting::Block,
        }
    }

    /// The resource attribute a whole expression is, in the module instance `calls`:
    /// `(address, attribute)` such as `("module.net[0].aws_vpc.main", "id")`.
    pub fn target(&self, calls: &[Call], expression: &Object<'_>) -> Option<(String, String)> {
        let target = self.resolve(calls, &references(expression), 0)?;
        Some((target.address, target.attribute?))
    }

    fn resolve(&self, calls: &[Call], refs: &[&str], hops: usize) -> Option<Target> {
        if hops > MAX_HOPS {
            return None;
        }
        // An index computed from `count.index` or `each.key` is not in the references: the
        // instance cannot be told.
        if refs
            .iter()
            .any(|r| r.starts_with("count.") || r.starts_with("each."))
        {
            return None;
        }
        let primary = *refs.first()?;
        // One traversal and its prefixes, nothing else: the expression is that value.
        let single = refs.iter().all(|r| {
            primary
                .strip_prefix(r)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
        });
        if !single {
            return None;
        }
        let steps = address::parse(primary)?;
        let name = |i: usize| match steps.get(i) {
            Some(Step::Name(n)) => Some(n.as_str()),
            _ => None,
        };
        let key = |i: usize| match steps.get(i) {
            Some(Step::Key(k)) => Some(k.clone()),
            _ => None,
        };
        let module = module_address(calls);
        let (target, rest) = match name(0)? {
            "var" => {
                let (call, parent) = calls.split_last()?;
                let argument = get_object(
                    get_object(self.call(self.module(parent)?, &call.name)?, "expressions")?,
                    name(1)?,
                )?;
                let target = self.resolve(parent, &references(argument), hops + 1)?;
                (target, &steps[2..])
            }
            "module" => {
                let call_name = name(1)?;
                let call_key = key(2);
                let output_at = if call_key.is_some() { 3 } else { 2 };
                let call = self.call(self.module(calls)?, call_name)?;
                let repeated = get(call, "count_expression").is_some()
                    || get(call, "for_each_expression").is_some();
                if repeated != call_key.is_some() {
                    return None;
                }
                let mut child = calls.to_vec();
                child.push(Call {
                    name: call_name.to_owned(),
                    key: call_key,
                });
                let output = get_object(
                    get_object(get_object(call, "module")?, "outputs")?,
                    name(output_at)?,
                )?;
                let expression = get_object(output, "expression")?;
                let target = self.resolve(&child, &references(expression), hops + 1)?;
                (target, &steps[output_at + 1..])
            }
            "data" => {
                let (ty, block) = (name(1)?, name(2)?);
                let key = key(3);
                let next = if key.is_some() { 4 } else { 3 };
                let local = format!("data.{ty}.{block}{}", key.unwrap_or_default());
                (Target::resource(&module, &local), &steps[next..])
            }
            ty if !NOT_RESOURCES.contains(&ty) => {
                let block = name(1)?;
                let key = key(2);
                let next = if key.is_some() { 3 } else { 2 };
                let local = format!("{ty}.{block}{}", key.unwrap_or_default());
                (Target::resource(&module, &local), &steps[next..])
            }
            _ => return None,
        };
        target.then(rest)
    }
}

/// Whether a configuration object is an expression representation rather than a block.
fn is_expression(object: &Object<'_>) -> bool {
    match get(object, "references") {
        Some(Json::Array(refs)) => refs
            .elements
            .iter()
            .all(|r| matches!(r, Json::StringLit(_))),
        Some(_) => false,
        None => get(object, "constant_value").is_some(),
    }
}

/// The references of an expression representation, in order.
pub(super) fn references<'b>(expression: &'b Object<'_>) -> Vec<&'b str> {
    match get(expression, "references") {
        Some(Json::Array(refs)) => refs
            .elements
            .iter()
            .filter_map(|r| match r {
                Json::StringLit(s) => Some(&*s.value),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A resource, or one of its attributes.
struct Target {
    address: String,
    attribute: Option<String>,
}

impl Target {
    fn resource(module: &str, local: &str) -> Target {
        Target {
            address: address::in_module(module, local),
            attribute: None,
        }
    }

    /// The target after the remaining steps of a reference: the first names the attribute of
    /// a resource; anything deeper is a part of an attribute, which is no link.
    fn then(self, rest: &[Step]) -> Option<Target> {
        match (rest, &self.attribute) {
            ([], _) => Some(self),
            ([Step::Name(attribute)], None) => Some(Target {
                attribute: Some(attribute.clone()),
                ..self
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> jsonc_parser::ast::Value<'_> {
        jsonc_parser::parse_to_ast(text, &Default::default(), &super::super::json::STRICT)
            .unwrap()
            .value
            .unwrap()
    }

    fn kind(setting: Setting<'_, '_>) -> &'static str {
        match setting {
            Setting::NoConfig => "no config",
            Setting::NotSet => "not set",
            Setting::Block => "block",
            Setting::Expression { whole: true, .. } => "whole",
            Setting::Expression { whole: false, .. } => "part",
        }
    }

    #[test]
    fn settings_follow_blocks_lists_and_expressions() {
        let json = parse(
            r#"{
                "bucket": {"references": ["aws_s3_bucket.b.id", "aws_s3_bucket.b"]},
                "name": {},
                "tags": {"references": ["local.tags"]},
                "rule": [{"days": {"constant_value": 7}}],
                "single": {"mode": {"constant_value": "x"}}
            }"#,
        );
        let Json::Object(expressions) = &json else {
            unreachable!()
        };
        let resource = ResourceConfig {
            expressions: Some(expressions),
        };
        let at = |path: &[Seg<'_>]| kind(Configuration::setting(Some(&resource), path));
        use Seg::{Index, Key};
        assert_eq!(at(&[Key("bucket")]), "whole");
        assert_eq!(at(&[Key("name")]), "whole");
        assert_eq!(at(&[Key("arn")]), "not set");
        assert_eq!(at(&[Key("tags"), Key("Name")]), "part");
        assert_eq!(at(&[Key("rule"), Index(0), Key("days")]), "whole");
        assert_eq!(at(&[Key("rule"), Index(0), Key("id")]), "not set");
        assert_eq!(at(&[Key("rule"), Index(1), Key("days")]), "block");
        assert_eq!(at(&[Key("rule")]), "block");
        assert_eq!(at(&[Key("single"), Index(0), Key("mode")]), "whole");
        assert_eq!(
            kind(Configuration::setting(None, &[Key("bucket")])),
            "no config"
        );
        let empty = ResourceConfig { expressions: None };
        assert_eq!(
            kind(Configuration::setting(Some(&empty), &[Key("bucket")])),
            "not set"
        );
    }

    #[test]
    fn only_a_single_traversal_is_a_target() {
        let json = parse(r#"{"configuration": {"root_module": {}}}"#);
        let Json::Object(plan) = &json else {
            unreachable!()
        };
        let config = Configuration::new(plan);
        let target = |refs: &[&str]| {
            config
                .resolve(&[], refs, 0)
                .map(|t| format!("{} {:?}", t.address, t.attribute))
        };
        assert_eq!(
            target(&[
                "aws_s3_bucket.b[0].id",
                "aws_s3_bucket.b[0]",
                "aws_s3_bucket.b"
            ]),
            Some("aws_s3_bucket.b[0] Some(\"id\")".into())
        );
        assert_eq!(
            target(&[
                "data.aws_iam_policy_document.p.json",
                "data.aws_iam_policy_document.p"
            ]),
            Some("data.aws_iam_policy_document.p Some(\"json\")".into())
        );
        assert_eq!(target(&["aws_s3_bucket.b", "count.index"]), None);
        assert_eq!(target(&["aws_s3_bucket.a.id", "aws_s3_bucket.b.id"]), None);
        assert_eq!(target(&["local.name"]), None);
        // A part of an attribute is no link.
        assert_eq!(
            target(&[
                "aws_s3_bucket.b.tags.Name",
                "aws_s3_bucket.b.tags",
                "aws_s3_bucket.b"
            ]),
            None
        );
        // A root module variable is not a reference.
        assert_eq!(target(&["var.bucket"]), None);
    }
}
