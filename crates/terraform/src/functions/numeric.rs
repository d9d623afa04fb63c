//! Numeric functions. Terraform computes with arbitrary precision; we use `f64` and refuse
//! results that are not finite rather than carry infinities into rules.

use driftguard_model::Value;

use super::{spec, Args, FunctionError, Spec, Unknowns::*, MANY};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("abs", 1, 1, Deep, abs),
    spec("ceil", 1, 1, Deep, ceil),
    spec("floor", 1, 1, Deep, floor),
    spec("log", 2, 2, Deep, log),
    spec("max", 1, MANY, Deep, max),
    spec("min", 1, MANY, Deep, min),
    spec("parseint", 2, 2, Deep, parseint),
    spec("pow", 2, 2, Deep, pow),
    spec("signum", 1, 1, Deep, signum),
];

fn finite(args: &Args, n: f64) -> Result<Value, FunctionError> {
    if n.is_finite() {
        Ok(Value::Number(n))
    } else {
        Err(args.error("result is not a finite number"))
    }
}

fn abs(args: &Args) -> Result<Value, FunctionError> {
    finite(args, args.num(0)?.abs())
}

fn ceil(args: &Args) -> Result<Value, FunctionError> {
    finite(args, args.num(0)?.ceil())
}

fn floor(args: &Args) -> Result<Value, FunctionError> {
    finite(args, args.num(0)?.floor())
}

fn log(args: &Args) -> Result<Value, FunctionError> {
    let (num, base) = (args.num(0)?, args.num(1)?);
    finite(args, num.ln() / base.ln())
}

fn max(args: &Args) -> Result<Value, FunctionError> {
    let mut best = f64::NEG_INFINITY;
    for i in 0..args.len() {
        best = best.max(args.num(i)?);
    }
    finite(args, best)
}

fn min(args: &Args) -> Result<Value, FunctionError> {
    let mut best = f64::INFINITY;
    for i in 0..args.len() {
        best = best.min(args.num(i)?);
    }
    finite(args, best)
}

fn pow(args: &Args) -> Result<Value, FunctionError> {
    finite(args, args.num(0)?.powf(args.num(1)?))
}

fn signum(args: &Args) -> Result<Value, FunctionError> {
    let n = args.num(0)?;
    Ok(Value::Number(if n > 0.0 {
        1.0
    } else if n < 0.0 {
        -1.0
    } else {
        0.0
    }))
}

/// Go's `big.Int.SetString` digits: case-insensitive up to base 36, then lowercase before
/// uppercase up to base 62.
fn digit_value(c: char, base: u32) -> Option<u32> {
    let d = match c {
        '0'..='9' => c as u32 - '0' as u32,
        'a'..='z' => c as u32 - 'a' as u32 + 10,
        'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
        'A'..='Z' => c as u32 - 'A' as u32 + 36,
        _ => return None,
    };
    (d < base).then_some(d)
}

fn parseint(args: &Args) -> Result<Value, FunctionError> {
    let Value::String(text) = args.get(0) else {
        return Err(args.error(format!(
            "first argument must be a string, not {}",
            super::describe(args.get(0))
        )));
    };
    let base = args.int(1)?;
    if !(2..=62).contains(&base) {
        return Err(args.error(format!(
            "base must be a whole number between 2 and 62 inclusive, got {base}"
        )));
    }
    let base = base as u32;
    let fail = || args.error(format!("cannot parse {text:?} as a base {base} integer"));
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text.as_str()),
    };
    if digits.is_empty() {
        return Err(fail());
    }
    let mut value = 0f64;
    for c in digits.chars() {
        let d = digit_value(c, base).ok_or_else(fail)?;
        value = value * f64::from(base) + f64::from(d);
    }
    finite(args, if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn abs_ceil_floor_signum() {
        assert_eq!(ok("abs", vec![n(-12.4)]), n(12.4));
        assert_eq!(ok("abs", vec![s("-3")]), n(3.0));
        assert_eq!(ok("ceil", vec![n(5.1)]), n(6.0));
        assert_eq!(ok("ceil", vec![n(-5.1)]), n(-5.0));
        assert_eq!(ok("floor", vec![n(4.9)]), n(4.0));
        assert_eq!(ok("floor", vec![n(-4.1)]), n(-5.0));
        assert_eq!(ok("signum", vec![n(-13.0)]), n(-1.0));
        assert_eq!(ok("signum", vec![n(0.0)]), n(0.0));
        assert_eq!(ok("signum", vec![n(344.0)]), n(1.0));
        assert!(err("signum", vec![s("one")]).contains("cannot convert"));
        assert!(err("abs", vec![s("x")]).contains("cannot convert"));
        assert!(err("floor", vec![strs(&[])]).contains("number is required"));
        assert!(err("ceil", vec![super::Value::Null]).contains("must not be null"));
    }

    #[test]
    fn log_matches_terraform_examples() {
        assert_eq!(ok("log", vec![n(50.0), n(10.0)]), n(1.6989700043360185));
        assert_eq!(ok("log", vec![n(16.0), n(2.0)]), n(4.0));
        assert_eq!(ok("log", vec![n(1.0), n(10.0)]), n(0.0));
        assert!(err("log", vec![n(0.0), n(10.0)]).contains("not a finite number"));
        assert!(err("log", vec![n(-1.0), n(10.0)]).contains("not a finite number"));
    }

    #[test]
    fn max_and_min() {
        assert_eq!(ok("max", vec![n(12.0), n(54.0), n(3.0)]), n(54.0));
        assert_eq!(ok("min", vec![n(12.0), n(54.0), n(3.0)]), n(3.0));
        assert_eq!(ok("max", vec![s("7"), n(-1.0)]), n(7.0));
        assert!(err("min", vec![]).contains("at least 1"));
        assert!(err("max", vec![n(1.0), s("a")]).contains("argument 2"));
    }

    #[test]
    fn pow_refuses_overflow() {
        assert_eq!(ok("pow", vec![n(3.0), n(2.0)]), n(9.0));
        assert_eq!(ok("pow", vec![n(4.0), n(0.0)]), n(1.0));
        assert!(err("pow", vec![n(10.0), n(400.0)]).contains("not a finite number"));
        assert!(err("pow", vec![n(-1.0), n(0.5)]).contains("not a finite number"));
    }

    #[test]
    fn parseint_handles_bases_up_to_62() {
        assert_eq!(ok("parseint", vec![s("100"), n(10.0)]), n(100.0));
        assert_eq!(ok("parseint", vec![s("FF"), n(16.0)]), n(255.0));
        assert_eq!(ok("parseint", vec![s("-10"), n(16.0)]), n(-16.0));
        assert_eq!(
            ok("parseint", vec![s("1011111011101111"), n(2.0)]),
            n(48879.0)
        );
        assert_eq!(
            ok("parseint", vec![s("aA"), n(62.0)]),
            n(10.0 * 62.0 + 36.0)
        );
        assert_eq!(ok("parseint", vec![s("zz"), n(36.0)]), n(1295.0));
        assert!(err("parseint", vec![s("12"), n(2.0)])
            .contains("cannot parse \"12\" as a base 2 integer"));
        assert!(err("parseint", vec![s(""), n(10.0)]).contains("cannot parse"));
        assert!(err("parseint", vec![s("1"), n(63.0)]).contains("between 2 and 62"));
        assert!(err("parseint", vec![n(1.0), n(10.0)]).contains("must be a string"));
        assert!(err("parseint", vec![s(&"z".repeat(400)), n(36.0)]).contains("not a finite"));
    }

    #[test]
    fn unknowns_propagate() {
        assert!(ok("max", vec![n(1.0), unk()]).is_unknown());
        assert!(ok("abs", vec![unk()]).is_unknown());
    }
}
