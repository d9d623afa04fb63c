//! `--filter`: a tiny expression language over a resource's type, id, address and region.
//!
//! ```text
//! expr  := and ( "||" and )*
//! and   := unary ( "&&" unary )*
//! unary := "!" unary | "(" expr ")" | field op STRING
//! field := "type" | "id" | "address" | "region"
//! op    := "==" | "!=" | "=~" (regex match) | "!~" (regex non-match)
//! STRING:= '"' … '"' with \" and \\ escapes
//! ```
//! Example: `type == "aws_iam_user" && id =~ "^ci-"`.

use std::fmt;

use regex::Regex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// Byte offset in the expression.
    pub offset: usize,
    pub message: String,
    pub expression: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let column = self.expression[..self.offset.min(self.expression.len())]
            .chars()
            .count();
        writeln!(
            f,
            "invalid filter at column {}: {}",
            column + 1,
            self.message
        )?;
        writeln!(f, "  {}", self.expression)?;
        write!(f, "  {}^", " ".repeat(column))
    }
}

impl std::error::Error for FilterError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Type,
    Id,
    Address,
    Region,
}

#[derive(Debug, Clone)]
enum Node {
    Or(Box<Node>, Box<Node>),
    And(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Eq(Field, String, bool),
    Match(Field, Regex, bool),
}

/// A parsed `--filter` expression.
#[derive(Debug, Clone)]
pub struct Filter {
    root: Node,
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn error(&self, offset: usize, message: impl Into<String>) -> FilterError {
        FilterError {
            offset,
            message: message.into(),
            expression: self.text.to_string(),
        }
    }

    fn skip_ws(&mut self) {
        let rest = &self.text[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.skip_ws();
        if self.text[self.pos..].starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Result<Node, FilterError> {
        let mut left = self.and()?;
        while self.eat("||") {
            left = Node::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Node, FilterError> {
        let mut left = self.unary()?;
        while self.eat("&&") {
            left = Node::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, FilterError> {
        self.skip_ws();
        if self.text[self.pos..].starts_with("!") && !self.text[self.pos..].starts_with("!~") {
            self.pos += 1;
            return Ok(Node::Not(Box::new(self.unary()?)));
        }
        if self.eat("(") {
            let inner = self.expr()?;
            if !self.eat(")") {
                return Err(self.error(self.pos, "expected `)`"));
            }
            return Ok(inner);
        }
        let start = self.pos;
        let word: String = self.text[self.pos..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let field = match word.as_str() {
            "type" => Field::Type,
            "id" => Field::Id,
            "address" => Field::Address,
            "region" => Field::Region,
            "" => return Err(self.error(start, "expected a field: type, id, address or region")),
            other => {
                return Err(self.error(
                    start,
                    format!("unknown field `{other}` (expected type, id, address or region)"),
                ))
            }
        };
        self.pos += word.len();
        self.skip_ws();
        let op_start = self.pos;
        let op = ["==", "!=", "=~", "!~"]
            .into_iter()
            .find(|op| self.text[self.pos..].starts_with(op))
            .ok_or_else(|| self.error(op_start, "expected an operator: ==, !=, =~ or !~"))?;
        self.pos += 2;
        self.skip_ws();
        let value_start = self.pos;
        let value = self.string()?;
        Ok(match op {
            "==" => Node::Eq(field, value, true),
            "!=" => Node::Eq(field, value, false),
            _ => {
                let regex = Regex::new(&value)
                    .map_err(|e| self.error(value_start, format!("invalid regex: {e}")))?;
                Node::Match(field, regex, op == "=~")
            }
        })
    }

    fn string(&mut self) -> Result<String, FilterError> {
        let start = self.pos;
        if !self.text[self.pos..].starts_with('"') {
            return Err(self.error(start, "expected a double-quoted string"));
        }
        let mut out = String::new();
        let mut chars = self.text[self.pos + 1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    self.pos += 1 + i + 1;
                    return Ok(out);
                }
                '\\' => match chars.next() {
                    Some((_, c @ ('"' | '\\'))) => out.push(c),
                    Some((_, c)) => {
                        // Keep other escapes for regexes (`\.`, `\d`).
                        out.push('\\');
                        out.push(c);
                    }
                    None => break,
                },
                c => out.push(c),
            }
        }
        Err(self.error(start, "unterminated string"))
    }
}

impl Filter {
    pub fn parse(expression: &str) -> Result<Filter, FilterError> {
        let mut parser = Parser {
            text: expression,
            pos: 0,
        };
        let root = parser.expr()?;
        parser.skip_ws();
        if parser.pos != expression.len() {
            return Err(parser.error(parser.pos, "expected `&&`, `||` or the end"));
        }
        Ok(Filter { root })
    }

    pub fn matches(&self, resource_type: &str, id: &str, address: &str, region: &str) -> bool {
        fn eval(node: &Node, values: [&str; 4]) -> bool {
            let get = |field: &Field| values[*field as usize];
            match node {
                Node::Or(a, b) => eval(a, values) || eval(b, values),
                Node::And(a, b) => eval(a, values) && eval(b, values),
                Node::Not(a) => !eval(a, values),
                Node::Eq(field, value, want) => (get(field) == value) == *want,
                Node::Match(field, regex, want) => regex.is_match(get(field)) == *want,
            }
        }
        eval(&self.root, [resource_type, id, address, region])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_boolean_expressions() {
        let f = Filter::parse(r#"type == "aws_iam_user" && id =~ "^ci-""#).unwrap();
        assert!(f.matches("aws_iam_user", "ci-bot", "", "global"));
        assert!(!f.matches("aws_iam_user", "alice", "", "global"));
        assert!(!f.matches("aws_iam_role", "ci-bot", "", "global"));
        let f = Filter::parse(r#"!(type == "aws_vpc" || region != "eu-west-1") && id !~ "\.tmp$""#)
            .unwrap();
        assert!(f.matches("aws_subnet", "a", "", "eu-west-1"));
        assert!(!f.matches("aws_subnet", "a.tmp", "", "eu-west-1"));
        assert!(!f.matches("aws_vpc", "a", "", "eu-west-1"));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let err = Filter::parse(r#"type = "x""#).unwrap_err();
        assert_eq!(err.offset, 5);
        assert_eq!(
            err.to_string(),
            "invalid filter at column 6: expected an operator: ==, !=, =~ or !~\n  type = \"x\"\n       ^"
        );
        assert!(Filter::parse(r#"name == "x""#)
            .unwrap_err()
            .message
            .contains("unknown field `name`"));
        assert!(Filter::parse(r#"id =~ "(""#)
            .unwrap_err()
            .message
            .contains("invalid regex"));
        assert!(Filter::parse(r#"id == "x" extra"#).is_err());
        assert!(Filter::parse(r#"id == "x"#)
            .unwrap_err()
            .message
            .contains("unterminated"));
    }
}
