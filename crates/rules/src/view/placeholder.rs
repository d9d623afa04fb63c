//! The placeholders of partly unknown text (`Unknown::partial`, and policy documents written
//! from partly unknown values): `${address.attribute}` for an attribute of another resource,
//! `${?}` for any other unknown part.
//!
//! The address is a Terraform address (`aws_iam_role.app`, `module.ci.data.aws_caller_identity.
//! current`) or a CloudFormation logical id (`App`, which has no dot), so a reference is told
//! apart by what it cannot contain rather than by a dot: IAM policy variables, written the same
//! way in policy text (`${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix}`), always
//! name their key with a `:`, and `${?}`, `${*}`, `${$}` have no attribute. Every view reads
//! (and writes) placeholders through this module, in the syntax the front ends write them in
//! (Terraform string templates, CloudFormation `Fn::Sub` / `Fn::Join`).

use driftguard_model::Reference;

/// The placeholder of an unknown part that is not a resource attribute: it may be anything.
pub const ANYTHING: &str = "${?}";

/// The placeholder of a reference, as [`reference`] reads it back.
pub fn of_reference(reference: &Reference) -> String {
    format!("${{{}.{}}}", reference.address, reference.attribute)
}

/// Whether `text` holds a placeholder `${…}`.
pub fn contains_any(text: &str) -> bool {
    text.contains("${")
}

/// The text of `text` outside its `${…}` placeholders.
pub fn literal_text(text: &str) -> String {
    let mut literal = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = &rest[start..];
                break;
            }
        }
    }
    literal.push_str(rest);
    literal
}

/// The reference `text` is when it is one whole placeholder `${address.attribute}`: the
/// attribute is what follows the last dot (an identifier), the address what precedes it
/// (anything but a `:`, empty or a placeholder of its own).
pub fn reference(text: &str) -> Option<Reference> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    if inner.contains(['$', '{', '}']) {
        return None;
    }
    let (address, attribute) = inner.rsplit_once('.')?;
    let identifier = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    };
    let resource_like = !address.is_empty() && !address.contains(':');
    (resource_like && identifier(attribute)).then(|| Reference {
        address: address.to_string(),
        attribute: attribute.to_string(),
        whole: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, String)> {
        reference(text).map(|r| (r.address, r.attribute))
    }

    fn pair(address: &str, attribute: &str) -> Option<(String, String)> {
        Some((address.to_string(), attribute.to_string()))
    }

    #[test]
    fn terraform_addresses_are_references() {
        assert_eq!(
            read("${aws_iam_role.app.arn}"),
            pair("aws_iam_role.app", "arn")
        );
        assert_eq!(
            read("${module.ci.data.aws_caller_identity.current.account_id}"),
            pair("module.ci.data.aws_caller_identity.current", "account_id")
        );
        assert_eq!(
            read("${aws_iam_role.app[\"ci\"].arn}"),
            pair("aws_iam_role.app[\"ci\"]", "arn")
        );
    }

    #[test]
    fn cloudformation_logical_ids_are_references() {
        assert_eq!(read("${App.arn}"), pair("App", "arn"));
        assert_eq!(read("${GithubProvider.id}"), pair("GithubProvider", "id"));
        assert_eq!(
            read("${Database.endpoint_address}"),
            pair("Database", "endpoint_address")
        );
    }

    #[test]
    fn policy_variables_and_unknown_parts_are_not_references() {
        for text in [
            "${aws:username}",
            "${aws:PrincipalTag/team}",
            "${aws:PrincipalTag/team.name}",
            "${aws:username, 'anonymous'}",
            "${s3:prefix}",
            "${ec2:SourceInstanceARN}",
            ANYTHING,
            "${*}",
            "${$}",
            "${.arn}",
            "${App.}",
            "${App.arn}/*",
            "arn:aws:s3:::${Bucket.id}",
            "${App.${?}}",
            "App.arn",
        ] {
            assert_eq!(reference(text), None, "{text}");
        }
    }

    #[test]
    fn a_reference_is_written_as_it_is_read() {
        for (address, attribute) in [("App", "arn"), ("aws_iam_role.app", "arn")] {
            let written = of_reference(&Reference {
                address: address.into(),
                attribute: attribute.into(),
                whole: true,
            });
            assert_eq!(read(&written), pair(address, attribute));
        }
    }

    #[test]
    fn literal_text_leaves_out_placeholders() {
        assert_eq!(
            literal_text("arn:aws:iam::${?}:role/${App.id}"),
            "arn:aws:iam:::role/"
        );
        assert_eq!(literal_text("*${?}"), "*");
        assert_eq!(literal_text("open ${unclosed"), "open ${unclosed");
        assert!(contains_any("s3:${?}") && !contains_any("s3:*"));
    }
}
