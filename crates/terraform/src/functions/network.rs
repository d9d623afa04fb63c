//! CIDR functions for IPv4 and IPv6, with the address arithmetic of Terraform's `go-cidr`
//! done in `u128` (wide enough for any IPv6 host number).

use std::net::{Ipv4Addr, Ipv6Addr};

use driftguard_model::Value;

use super::{fmt_num, spec, Args, FunctionError, Spec, Unknowns::*, MANY};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("cidrhost", 2, 2, Deep, cidrhost),
    spec("cidrnetmask", 1, 1, Deep, cidrnetmask),
    spec("cidrsubnet", 3, 3, Deep, cidrsubnet),
    spec("cidrsubnets", 1, MANY, Deep, cidrsubnets),
];

#[derive(Clone, Copy, Debug)]
struct Net {
    /// 32 or 128.
    bits: u32,
    /// The network address (host bits cleared).
    addr: u128,
    prefix: u32,
}

impl Net {
    fn all(bits: u32) -> u128 {
        if bits == 128 {
            u128::MAX
        } else {
            (1u128 << bits) - 1
        }
    }

    fn mask(bits: u32, prefix: u32) -> u128 {
        if prefix == 0 {
            0
        } else {
            Net::all(bits) & !((1u128 << (bits - prefix)) - 1)
        }
    }

    fn new(bits: u32, addr: u128, prefix: u32) -> Net {
        Net {
            bits,
            addr: addr & Net::mask(bits, prefix),
            prefix,
        }
    }

    /// Hosts in the network minus one: the largest host number.
    fn max_host(&self) -> u128 {
        let host_bits = self.bits - self.prefix;
        if host_bits == 128 {
            u128::MAX
        } else {
            (1u128 << host_bits) - 1
        }
    }

    fn last(&self) -> u128 {
        self.addr | self.max_host()
    }
}

fn fmt_ip(bits: u32, addr: u128) -> String {
    if bits == 32 {
        Ipv4Addr::from(addr as u32).to_string()
    } else {
        Ipv6Addr::from(addr).to_string()
    }
}

fn fmt_net(net: &Net) -> String {
    format!("{}/{}", fmt_ip(net.bits, net.addr), net.prefix)
}

fn parse_cidr(args: &Args, i: usize) -> Result<Net, FunctionError> {
    let s = args.str(i)?;
    let invalid = || {
        args.error(format!(
            "invalid CIDR expression: invalid CIDR address: {s}"
        ))
    };
    let (ip, prefix) = s.split_once('/').ok_or_else(invalid)?;
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) || prefix.len() > 3 {
        return Err(invalid());
    }
    let prefix: u32 = prefix.parse().map_err(|_| invalid())?;
    let (bits, addr) = if let Ok(v4) = ip.parse::<Ipv4Addr>() {
        (32, u128::from(u32::from(v4)))
    } else if let Ok(v6) = ip.parse::<Ipv6Addr>() {
        (128, u128::from(v6))
    } else {
        return Err(invalid());
    };
    if prefix > bits {
        return Err(invalid());
    }
    Ok(Net::new(bits, addr, prefix))
}

/// A whole, non-fractional number argument as `i128`.
fn big_int(args: &Args, i: usize) -> Result<i128, FunctionError> {
    let n = args.num(i)?;
    if n.fract() != 0.0 || !n.is_finite() || n.abs() >= 1.7e38 {
        return Err(args.error(format!(
            "argument {}: {} is not a whole number in range",
            i + 1,
            fmt_num(n)
        )));
    }
    Ok(n as i128)
}

fn cidrhost(args: &Args) -> Result<Value, FunctionError> {
    let net = parse_cidr(args, 0)?;
    let num = big_int(args, 1)?;
    let max = net.max_host();
    let too_big = || {
        args.error(format!(
            "prefix of {} does not accommodate a host numbered {num}",
            net.prefix
        ))
    };
    // Negative numbers count back from the end of the range: -1 is the last address.
    let host = if num < 0 {
        let back = num.unsigned_abs() - 1;
        if back > max {
            return Err(too_big());
        }
        max - back
    } else {
        let n = num as u128;
        if n > max {
            return Err(too_big());
        }
        n
    };
    Ok(Value::String(fmt_ip(net.bits, net.addr | host)))
}

fn cidrnetmask(args: &Args) -> Result<Value, FunctionError> {
    let net = parse_cidr(args, 0)?;
    if net.bits != 32 {
        return Err(args.error(format!(
            "IPv6 addresses cannot have a netmask: {}",
            args.str(0)?
        )));
    }
    Ok(Value::String(fmt_ip(32, Net::mask(32, net.prefix))))
}

fn cidrsubnet(args: &Args) -> Result<Value, FunctionError> {
    let net = parse_cidr(args, 0)?;
    let newbits = args.int(1)?;
    let netnum = big_int(args, 2)?;
    if newbits < 0 {
        return Err(args.error("newbits must not be negative"));
    }
    // Terraform's portability limit, which matters only for IPv6.
    if newbits > 32 {
        return Err(args.error("may not extend prefix by more than 32 bits"));
    }
    let newbits = newbits as u32;
    let new_prefix = net.prefix + newbits;
    if new_prefix > net.bits {
        return Err(args.error(format!(
            "insufficient address space to extend prefix of {} by {newbits}",
            net.prefix
        )));
    }
    let max_num: u128 = (1u128 << newbits) - 1;
    if netnum < 0 || netnum as u128 > max_num {
        return Err(args.error(format!(
            "prefix extension of {newbits} does not accommodate a subnet numbered {netnum}"
        )));
    }
    let shift = net.bits - new_prefix;
    let offset = if shift >= 128 {
        0
    } else {
        (netnum as u128) << shift
    };
    Ok(Value::String(fmt_net(&Net::new(
        net.bits,
        net.addr | offset,
        new_prefix,
    ))))
}

/// Consecutive subnets of the given sizes, each aligned after the previous one, as Terraform
/// allocates them (`go-cidr`'s `PreviousSubnet`/`NextSubnet`).
fn cidrsubnets(args: &Args) -> Result<Value, FunctionError> {
    let net = parse_cidr(args, 0)?;
    if args.len() == 1 {
        return Ok(Value::List(vec![]));
    }
    let mut lengths = Vec::new();
    for i in 1..args.len() {
        let n = args.int(i)?;
        if n < 1 {
            return Err(args.error(format!(
                "argument {}: must extend prefix by at least one bit",
                i + 1
            )));
        }
        if n > 32 {
            return Err(args.error(format!(
                "argument {}: may not extend prefix by more than 32 bits",
                i + 1
            )));
        }
        let len = net.prefix + n as u32;
        if len > net.bits {
            let family = if net.bits == 32 { "IPv4" } else { "IPv6" };
            return Err(args.error(format!(
                "argument {}: would extend prefix to {len} bits, which is too long for an {family} address",
                i + 1
            )));
        }
        lengths.push(len);
    }
    let wrap = |x: u128| x & Net::all(net.bits);
    // The subnet just before the base network, so that the first allocation starts at it.
    let mut current = Net::new(net.bits, wrap(net.addr.wrapping_sub(1)), lengths[0]);
    let mut out = Vec::new();
    for (i, &len) in lengths.iter().enumerate() {
        let aligned = Net::new(net.bits, current.last(), len);
        let next_addr = wrap(aligned.last().wrapping_add(1));
        let next = Net::new(net.bits, next_addr, len);
        let rolled_over = next_addr == 0;
        let inside = (next.addr & Net::mask(net.bits, net.prefix)) == net.addr;
        if rolled_over || !inside {
            return Err(args.error(format!(
                "argument {}: not enough remaining address space for a subnet with a prefix of {len} bits after {}",
                i + 2,
                fmt_net(&current)
            )));
        }
        current = next;
        out.push(Value::String(fmt_net(&current)));
    }
    Ok(Value::List(out))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;

    #[test]
    fn cidrhost_counts_from_both_ends() {
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(16.0)]),
            s("10.12.112.16")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.12.112.0/20"), n(268.0)]),
            s("10.12.113.12")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.0.0.0/8"), n(-1.0)]),
            s("10.255.255.255")
        );
        assert_eq!(
            ok("cidrhost", vec![s("10.1.2.3/24"), n(5.0)]),
            s("10.1.2.5")
        );
        assert_eq!(
            ok(
                "cidrhost",
                vec![s("fd00:fd12:3456:7890:00a2::/72"), n(34.0)]
            ),
            s("fd00:fd12:3456:7890::22")
        );
        assert_eq!(
            ok("cidrhost", vec![s("::/0"), n(-1.0)]),
            s("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
        );
        assert!(err("cidrhost", vec![s("10.0.0.0/30"), n(4.0)])
            .contains("does not accommodate a host numbered 4"));
        assert!(err("cidrhost", vec![s("10.0.0.0/30"), n(-5.0)]).contains("does not accommodate"));
        assert!(err("cidrhost", vec![s("10.0.0.0"), n(1.0)]).contains("invalid CIDR"));
        assert!(err("cidrhost", vec![s("10.0.0.0/33"), n(1.0)]).contains("invalid CIDR"));
        assert!(err("cidrhost", vec![s("10.0.0.0/8"), n(1.5)]).contains("whole number"));
    }

    #[test]
    fn cidrnetmask_is_ipv4_only() {
        assert_eq!(
            ok("cidrnetmask", vec![s("172.16.0.0/12")]),
            s("255.240.0.0")
        );
        assert_eq!(ok("cidrnetmask", vec![s("0.0.0.0/0")]), s("0.0.0.0"));
        assert_eq!(
            ok("cidrnetmask", vec![s("10.0.0.1/32")]),
            s("255.255.255.255")
        );
        assert!(err("cidrnetmask", vec![s("fd00::/64")]).contains("IPv6"));
    }

    #[test]
    fn cidrsubnet_extends_prefixes() {
        assert_eq!(
            ok("cidrsubnet", vec![s("172.16.0.0/12"), n(4.0), n(2.0)]),
            s("172.18.0.0/16")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.0/24"), n(4.0), n(15.0)]),
            s("10.1.2.240/28")
        );
        assert_eq!(
            ok(
                "cidrsubnet",
                vec![s("fd00:fd12:3456:7890::/56"), n(16.0), n(162.0)]
            ),
            s("fd00:fd12:3456:7800:a200::/72")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.0.0.0/8"), n(0.0), n(0.0)]),
            s("10.0.0.0/8")
        );
        assert_eq!(
            ok("cidrsubnet", vec![s("10.1.2.3/16"), n(8.0), n(2.0)]),
            s("10.1.2.0/24")
        );
        assert!(err("cidrsubnet", vec![s("10.0.0.0/8"), n(4.0), n(16.0)])
            .contains("does not accommodate a subnet numbered 16"));
        assert!(err("cidrsubnet", vec![s("10.0.0.0/30"), n(4.0), n(0.0)])
            .contains("insufficient address space"));
        assert!(
            err("cidrsubnet", vec![s("fd00::/16"), n(33.0), n(0.0)]).contains("more than 32 bits")
        );
        assert!(err("cidrsubnet", vec![s("10.0.0.0/8"), n(4.0), n(-1.0)])
            .contains("does not accommodate"));
    }

    #[test]
    fn cidrsubnets_allocates_consecutively() {
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![s("10.1.0.0/16"), n(4.0), n(4.0), n(8.0), n(4.0)]
            ),
            strs(&[
                "10.1.0.0/20",
                "10.1.16.0/20",
                "10.1.32.0/24",
                "10.1.48.0/20"
            ])
        );
        assert_eq!(
            ok(
                "cidrsubnets",
                vec![
                    s("fd00:fd12:3456:7890::/56"),
                    n(16.0),
                    n(16.0),
                    n(16.0),
                    n(32.0)
                ]
            ),
            strs(&[
                "fd00:fd12:3456:7800::/72",
                "fd00:fd12:3456:7800:100::/72",
                "fd00:fd12:3456:7800:200::/72",
                "fd00:fd12:3456:7800:300::/88",
            ])
        );
        assert_eq!(ok("cidrsubnets", vec![s("10.0.0.0/8")]), strs(&[]));
        // Bug-compatible with Terraform (hashicorp/terraform#35486): a base network at the
        // all-zero address looks like a wrap-around to go-cidr, so allocation fails.
        assert!(
            err("cidrsubnets", vec![s("0.0.0.0/1"), n(1.0), n(1.0)]).contains("after 192.0.0.0/2")
        );
        assert_eq!(
            ok("cidrsubnets", vec![s("128.0.0.0/1"), n(1.0), n(1.0)]),
            strs(&["128.0.0.0/2", "192.0.0.0/2"])
        );
        assert!(err(
            "cidrsubnets",
            vec![s("10.0.0.0/24"), n(1.0), n(1.0), n(1.0)]
        )
        .contains("not enough remaining address space"));
        assert!(err("cidrsubnets", vec![s("10.0.0.0/24"), n(0.0)]).contains("at least one bit"));
        assert!(err("cidrsubnets", vec![s("10.0.0.0/24"), n(9.0)])
            .contains("too long for an IPv4 address"));
    }
}
