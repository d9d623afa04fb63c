use crate::posture::Posture;

/// The posture as pretty-printed JSON (`docs/compliance-json.md`), ending with a newline.
pub fn json(posture: &Posture) -> String {
    let mut out = serde_json::to_string_pretty(posture).expect("a posture always serialises");
    out.push('\n');
    out
}
