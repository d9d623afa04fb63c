//! `Fn::Cidr`: `[ipBlock, count, cidrBits]` → `count` consecutive subnet blocks of the block,
//! each with `cidrBits` host bits (`!Cidr [10.0.0.0/16, 4, 8]` → `10.0.0.0/24`,
//! `10.0.1.0/24`, `10.0.2.0/24`, `10.0.3.0/24`). Deterministic, so computed.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use driftguard_model::Value;

use super::{part_of, Context};
use crate::syntax::Node;

/// CloudFormation's bounds on `count`.
const MAX_COUNT: u128 = 256;

impl Context<'_> {
    pub(super) fn cidr(&mut self, arg: &Node, node: &Node) -> Value {
        let Some([block, count, bits]) = arg.as_seq() else {
            return self.bad(node, "`Fn::Cidr` takes `[ipBlock, count, cidrBits]`");
        };
        let block = match self.value(block) {
            Value::String(s) => s,
            Value::Unknown(unknown) => return part_of(*unknown),
            _ => return self.bad(node, "`Fn::Cidr` takes a CIDR block such as `10.0.0.0/16`"),
        };
        let mut numbers = [0u128; 2];
        for (slot, arg) in numbers.iter_mut().zip([count, bits]) {
            match self.value(arg) {
                Value::Unknown(unknown) => return part_of(*unknown),
                value => match value.as_f64() {
                    Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 256.0 => *slot = n as u128,
                    _ => {
                        return self.bad(node, "`Fn::Cidr` takes whole numbers for count and bits")
                    }
                },
            }
        }
        match subnets(&block, numbers[0], numbers[1]) {
            Ok(blocks) => Value::List(blocks.into_iter().map(Value::String).collect()),
            Err(message) => self.bad(node, format!("`Fn::Cidr`: {message}")),
        }
    }
}

/// The `count` subnets of `block` with `host_bits` host bits each.
fn subnets(block: &str, count: u128, host_bits: u128) -> Result<Vec<String>, String> {
    let (address, prefix) = block
        .split_once('/')
        .ok_or_else(|| format!("`{block}` is not a CIDR block"))?;
    let address: IpAddr = address
        .trim()
        .parse()
        .map_err(|_| format!("`{block}` is not a CIDR block"))?;
    let prefix: u128 = prefix
        .trim()
        .parse()
        .map_err(|_| format!("`{block}` is not a CIDR block"))?;
    let (width, base) = match address {
        IpAddr::V4(v4) => (32u128, u128::from(u32::from(v4))),
        IpAddr::V6(v6) => (128u128, u128::from(v6)),
    };
    if prefix > width {
        return Err(format!("`{block}` has a prefix longer than {width} bits"));
    }
    if !(1..=MAX_COUNT).contains(&count) {
        return Err(format!("count must be 1 to {MAX_COUNT}, not {count}"));
    }
    if host_bits > width - prefix {
        return Err(format!(
            "{host_bits} host bits do not fit in `{block}` ({} available)",
            width - prefix
        ));
    }
    let available_bits = width - prefix - host_bits;
    if available_bits < 8 && count > (1u128 << available_bits) {
        return Err(format!(
            "`{block}` holds {} subnets of /{}, not {count}",
            1u128 << available_bits,
            width - host_bits
        ));
    }
    let block_mask = if prefix == 0 {
        0
    } else {
        (!0u128 >> (128 - width)) & !((1u128 << (width - prefix)) - 1)
    };
    let network = base & block_mask;
    let step = 1u128.checked_shl(host_bits as u32).unwrap_or(0);
    Ok((0..count)
        .map(|i| {
            let start = network + i * step;
            let address = if width == 32 {
                IpAddr::V4(Ipv4Addr::from(start as u32))
            } else {
                IpAddr::V6(Ipv6Addr::from(start))
            };
            format!("{address}/{}", width - host_bits)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_blocks_are_consecutive() {
        assert_eq!(
            subnets("10.0.0.0/16", 4, 8).unwrap(),
            ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]
        );
        assert_eq!(
            subnets("192.168.0.0/24", 6, 5).unwrap(),
            [
                "192.168.0.0/27",
                "192.168.0.32/27",
                "192.168.0.64/27",
                "192.168.0.96/27",
                "192.168.0.128/27",
                "192.168.0.160/27"
            ]
        );
        // A host address in the block is reduced to the network.
        assert_eq!(subnets("10.1.2.3/16", 1, 12).unwrap(), ["10.1.0.0/20"]);
    }

    #[test]
    fn ipv6_blocks_are_consecutive() {
        assert_eq!(
            subnets("2001:db8::/56", 3, 64).unwrap(),
            ["2001:db8::/64", "2001:db8:0:1::/64", "2001:db8:0:2::/64"]
        );
    }

    #[test]
    fn impossible_requests_are_errors() {
        assert!(subnets("10.0.0.0/24", 3, 7).is_err());
        assert!(subnets("10.0.0.0/24", 2, 9).is_err());
        assert!(subnets("10.0.0.0/24", 0, 4).is_err());
        assert!(subnets("10.0.0.0", 1, 4).is_err());
        assert!(subnets("10.0.0.0/33", 1, 4).is_err());
        assert!(subnets("nonsense/8", 1, 4).is_err());
    }
}
