//! Hash and UUID functions. Those whose result is random (`uuid`, `bcrypt`) or needs a private
//! key (`rsadecrypt`) are unknown, as they would be at plan time.

use std::fmt::Write as _;

use driftguard_model::Value;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

use super::encoding::base64;
use super::{spec, Args, FunctionError, Spec, Unknowns::*};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("md5", 1, 1, Deep, |a| hex_of(a, Hash::Md5)),
    spec("sha1", 1, 1, Deep, |a| hex_of(a, Hash::Sha1)),
    spec("sha256", 1, 1, Deep, |a| hex_of(a, Hash::Sha256)),
    spec("sha512", 1, 1, Deep, |a| hex_of(a, Hash::Sha512)),
    spec("base64sha256", 1, 1, Deep, |a| base64_of(a, Hash::Sha256)),
    spec("base64sha512", 1, 1, Deep, |a| base64_of(a, Hash::Sha512)),
    spec("uuid", 0, 0, Manual, random),
    spec("uuidv5", 2, 2, Deep, uuidv5),
    spec("bcrypt", 1, 2, Manual, random),
    spec("rsadecrypt", 2, 2, Manual, rsadecrypt),
];

#[derive(Clone, Copy)]
pub(crate) enum Hash {
    Md5,
    Sha1,
    Sha256,
    Sha512,
}

pub(crate) fn digest(hash: Hash, bytes: &[u8]) -> Vec<u8> {
    match hash {
        Hash::Md5 => Md5::digest(bytes).to_vec(),
        Hash::Sha1 => Sha1::digest(bytes).to_vec(),
        Hash::Sha256 => Sha256::digest(bytes).to_vec(),
        Hash::Sha512 => Sha512::digest(bytes).to_vec(),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

fn hex_of(args: &Args, hash: Hash) -> Result<Value, FunctionError> {
    Ok(Value::String(hex(&digest(hash, args.str(0)?.as_bytes()))))
}

fn base64_of(args: &Args, hash: Hash) -> Result<Value, FunctionError> {
    Ok(Value::String(base64(&digest(
        hash,
        args.str(0)?.as_bytes(),
    ))))
}

fn random(args: &Args) -> Result<Value, FunctionError> {
    if args.name == "bcrypt" {
        // Still check what can be checked: the cost must be in bcrypt's range.
        if let Some(Value::Number(cost)) = args.values.get(1) {
            if !(4.0..=31.0).contains(cost) {
                return Err(args.error(format!("invalid cost {}", super::fmt_num(*cost))));
            }
        }
    }
    Ok(Value::unknown(format!(
        "{}() returns a different value on every run",
        args.name
    )))
}

fn rsadecrypt(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::unknown(format!(
        "{}() needs a private key and is not evaluated statically",
        args.name
    )))
}

/// Parses a UUID the way Go's `uuid.Parse` accepts it: dashed, `urn:uuid:`, braced or plain hex.
fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let s = s.strip_prefix("urn:uuid:").unwrap_or(s);
    let s = s
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(s);
    let hexits: String = match s.len() {
        36 => {
            let b = s.as_bytes();
            if [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
                return None;
            }
            s.chars().filter(|c| *c != '-').collect()
        }
        32 => s.to_string(),
        _ => return None,
    };
    if hexits.len() != 32 {
        return None;
    }
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hexits.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(out)
}

fn uuidv5(args: &Args) -> Result<Value, FunctionError> {
    let namespace = args.str(0)?;
    let ns = match &*namespace {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    let ns = parse_uuid(ns).ok_or_else(|| {
        args.error(format!(
            "uuidv5() doesn't support namespace {namespace} (invalid UUID)"
        ))
    })?;
    let mut input = ns.to_vec();
    input.extend_from_slice(args.str(1)?.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest(Hash::Sha1, &input)[..16]);
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    Ok(Value::String(format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn hex_digests() {
        assert_eq!(
            ok("md5", vec![s("hello world")]),
            s("5eb63bbbe01eeed093cb22bb8f5acdc3")
        );
        assert_eq!(
            ok("sha1", vec![s("hello world")]),
            s("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")
        );
        assert_eq!(
            ok("sha256", vec![s("hello world")]),
            s("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(
            ok("sha512", vec![s("hello world")]),
            s("309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f")
        );
        assert_eq!(ok("md5", vec![n(1.0)]), ok("md5", vec![s("1")]));
        assert!(err("sha256", vec![strs(&[])]).contains("string is required"));
        assert!(ok("md5", vec![unk()]).is_unknown());
    }

    #[test]
    fn base64_digests() {
        assert_eq!(
            ok("base64sha256", vec![s("hello world")]),
            s("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
        );
        assert_eq!(
            ok("base64sha512", vec![s("hello world")]),
            s("MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw==")
        );
        assert!(err("base64sha512", vec![super::Value::Null]).contains("must not be null"));
    }

    #[test]
    fn uuidv5_is_deterministic() {
        assert_eq!(
            ok("uuidv5", vec![s("dns"), s("www.terraform.io")]),
            s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert_eq!(
            ok("uuidv5", vec![s("url"), s("https://www.terraform.io/")]),
            s("9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5")
        );
        assert_eq!(
            ok("uuidv5", vec![s("oid"), s("1.3.6.1.4")]),
            s("af9d40a5-7a36-5c07-b23a-851cd99fbfa5")
        );
        assert_eq!(
            ok("uuidv5", vec![s("x500"), s("CN=Example,C=GB")]),
            s("84e09961-4aa4-57f8-95b7-03edb1073253")
        );
        assert_eq!(
            ok(
                "uuidv5",
                vec![
                    s("6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
                    s("www.terraform.io")
                ]
            ),
            s("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert!(err("uuidv5", vec![s("nope"), s("x")]).contains("doesn't support namespace"));
    }

    #[test]
    fn random_functions_are_unknown() {
        assert!(ok("uuid", vec![]).is_unknown());
        assert!(ok("bcrypt", vec![s("secret")]).is_unknown());
        assert!(ok("bcrypt", vec![s("secret"), n(10.0)]).is_unknown());
        assert!(err("bcrypt", vec![s("secret"), n(99.0)]).contains("invalid cost"));
        assert!(ok("rsadecrypt", vec![s("x"), s("key")]).is_unknown());
    }
}
