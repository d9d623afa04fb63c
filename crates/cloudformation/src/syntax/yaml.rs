//! YAML into nodes, from `saphyr-parser` events.
//!
//! The parser reports positions as *character* indexes; they are turned into byte offsets here
//! (a table is built only for non-ASCII text). Quoted scalars' end markers run past trailing
//! blanks and comments, so their end is found again from the closing quote.

use std::collections::HashMap;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle, Tag};

use super::{
    apply_tag, plain_scalar, Document, Duplicate, Entry, MapBuilder, Node, NodeKind, SyntaxError,
    MAX_ALIAS_NODES, MAX_DEPTH,
};

/// Parses the first document of a YAML stream.
pub(super) fn parse(text: &str) -> Result<Document, SyntaxError> {
    let offsets = CharOffsets::new(text);
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    let mut documents = 0;
    let mut more_documents = false;
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|err| SyntaxError {
            message: err.info().to_string(),
            offset: offsets.byte(err.marker().index()),
        })?;
        let range = offsets.byte(span.start.index())..offsets.byte(span.end.index());
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    more_documents = true;
                    break;
                }
            }
            Event::StreamEnd => break,
            Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            Event::Scalar(value, style, anchor, tag) => {
                let range = scalar_range(text, range, style);
                builder.scalar(&value, style, anchor, tag.as_deref(), range)?;
            }
            Event::SequenceStart(anchor, tag) => {
                builder.open(Collection::Seq(Vec::new()), anchor, tag.as_deref(), range)?;
            }
            Event::MappingStart(anchor, tag) => {
                builder.open(
                    Collection::Map(MapBuilder::default(), None),
                    anchor,
                    tag.as_deref(),
                    range,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => builder.close(range)?,
            Event::Alias(anchor) => builder.alias(anchor, range)?,
        }
    }
    Ok(Document {
        root: builder.root,
        duplicates: builder.duplicates,
        more_documents,
    })
}

/// Character index → byte offset.
struct CharOffsets {
    /// Byte offset of each character, and of the end; `None` when the text is ASCII.
    table: Option<Vec<u32>>,
    len: usize,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        let table = (!text.is_ascii()).then(|| {
            text.char_indices()
                .map(|(at, _)| at as u32)
                .chain(std::iter::once(text.len() as u32))
                .collect()
        });
        CharOffsets {
            table,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        match &self.table {
            None => char_index.min(self.len),
            Some(table) => table
                .get(char_index)
                .map_or(self.len, |&offset| offset as usize),
        }
    }
}

/// A scalar's range without the blanks and comment the parser's end marker may include.
fn scalar_range(text: &str, range: Range<usize>, style: ScalarStyle) -> Range<usize> {
    let slice = &text[range.clone()];
    let bytes = slice.as_bytes();
    let quote = match style {
        ScalarStyle::DoubleQuoted => Some(b'"'),
        ScalarStyle::SingleQuoted => Some(b'\''),
        _ => None,
    };
    if let Some(quote) = quote {
        if let Some(open) = bytes.iter().position(|&b| b == quote) {
            let mut i = open + 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' if quote == b'"' => i += 2,
                    b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                    b if b == quote => return range.start..range.start + i + 1,
                    _ => i += 1,
                }
            }
        }
    }
    let trimmed = slice.trim_end_matches([' ', '\t', '\r', '\n']);
    range.start..range.start + trimmed.len()
}

enum Collection {
    Seq(Vec<Node>),
    /// The entries so far and the key waiting for its value.
    Map(MapBuilder, Option<PendingKey>),
}

struct PendingKey {
    text: String,
    span: Range<usize>,
    /// A plain, untagged `<<`.
    merge: bool,
}

struct Frame {
    collection: Collection,
    start: usize,
    last_end: usize,
    tag: Option<String>,
    anchor: usize,
    /// Nesting below this collection so far (1 for a collection of scalars).
    height: usize,
    /// Nodes in this subtree so far.
    count: usize,
}

/// A completed anchored node, ready to be copied by aliases.
struct Anchored {
    node: Node,
    key_text: Option<String>,
    merge: bool,
    height: usize,
    count: usize,
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Anchored>,
    /// Nodes copied by aliases so far.
    expanded: usize,
    root: Option<Node>,
    duplicates: Vec<Duplicate>,
}

/// What the tag of a scalar means for its type.
enum TagKind {
    None,
    /// A local tag (`!Ref`): kept (and a known intrinsic read in its long form).
    Local(String),
    /// A core-schema tag (`!!str`, `!!int`): types the scalar.
    Core(String),
    /// Any other (`!<tag:example.com:x>`, `!e!x`): kept as written, reported by the evaluator.
    Other(String),
}

fn tag_kind(tag: Option<&Tag>) -> TagKind {
    match tag {
        None => TagKind::None,
        Some(tag) if tag.handle == "!" => TagKind::Local(tag.suffix.clone()),
        Some(tag) if tag.is_yaml_core_schema() => TagKind::Core(tag.suffix.clone()),
        Some(tag) => TagKind::Other(format!("{}{}", tag.handle, tag.suffix)),
    }
}

impl Builder {
    fn scalar(
        &mut self,
        value: &str,
        style: ScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        range: Range<usize>,
    ) -> Result<(), SyntaxError> {
        let plain = style == ScalarStyle::Plain;
        let (kind, tag) = match tag_kind(tag) {
            TagKind::None if plain => (plain_scalar(value), None),
            TagKind::None => (NodeKind::String(value.to_string()), None),
            TagKind::Local(tag) => (NodeKind::String(value.to_string()), Some(tag)),
            TagKind::Other(tag) => (NodeKind::String(value.to_string()), Some(tag)),
            TagKind::Core(core) => (core_scalar(&core, value), None),
        };
        let merge = plain && tag.is_none() && value == "<<";
        let node = apply_tag(Node::new(kind, range), tag);
        self.complete(node, Some(value.to_string()), merge, anchor, 0, 1)
    }

    fn open(
        &mut self,
        collection: Collection,
        anchor: usize,
        tag: Option<&Tag>,
        range: Range<usize>,
    ) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(SyntaxError {
                message: format!("nested deeper than {MAX_DEPTH} levels"),
                offset: range.start,
            });
        }
        if let Some(Frame {
            collection: Collection::Map(_, None),
            ..
        }) = self.stack.last()
        {
            return Err(SyntaxError {
                message: "a mapping key must be a scalar, not a collection".into(),
                offset: range.start,
            });
        }
        let tag = match tag_kind(tag) {
            TagKind::Local(tag) | TagKind::Other(tag) => Some(tag),
            TagKind::None | TagKind::Core(_) => None,
        };
        self.stack.push(Frame {
            collection,
            start: range.start,
            last_end: range.end,
            tag,
            anchor,
            height: 1,
            count: 1,
        });
        Ok(())
    }

    fn close(&mut self, range: Range<usize>) -> Result<(), SyntaxError> {
        let Some(frame) = self.stack.pop() else {
            return Ok(());
        };
        // Flow collections end at their bracket; block ones at their last child.
        let end = if range.is_empty() {
            frame.last_end
        } else {
            range.end.max(frame.last_end)
        };
        let span = frame.start..end;
        let kind = match frame.collection {
            Collection::Seq(items) => NodeKind::Seq(items),
            Collection::Map(builder, _) => {
                NodeKind::Map(builder.finish().map_err(|message| SyntaxError {
                    message,
                    offset: span.start,
                })?)
            }
        };
        let node = apply_tag(Node::new(kind, span), frame.tag);
        self.complete(node, None, false, frame.anchor, frame.height, frame.count)
    }

    fn alias(&mut self, anchor: usize, range: Range<usize>) -> Result<(), SyntaxError> {
        let Some(anchored) = self.anchors.get(&anchor) else {
            return Err(SyntaxError {
                message: "alias to an unknown anchor".into(),
                offset: range.start,
            });
        };
        if self.stack.len() + anchored.height > MAX_DEPTH {
            return Err(SyntaxError {
                message: format!("nested deeper than {MAX_DEPTH} levels (through an alias)"),
                offset: range.start,
            });
        }
        self.expanded += anchored.count;
        if self.expanded > MAX_ALIAS_NODES {
            return Err(SyntaxError {
                message: format!(
                    "aliases expand to more than {MAX_ALIAS_NODES} nodes (an alias bomb?)"
                ),
                offset: range.start,
            });
        }
        let mut node = anchored.node.clone();
        node.span = range;
        let (key_text, merge, height, count) = (
            anchored.key_text.clone(),
            anchored.merge,
            anchored.height,
            anchored.count,
        );
        self.complete(node, key_text, merge, 0, height, count)
    }

    /// Attaches a completed node to its parent (or makes it the root).
    fn complete(
        &mut self,
        node: Node,
        key_text: Option<String>,
        merge: bool,
        anchor: usize,
        height: usize,
        count: usize,
    ) -> Result<(), SyntaxError> {
        if anchor != 0 {
            self.anchors.insert(
                anchor,
                Anchored {
                    node: node.clone(),
                    key_text: key_text.clone(),
                    merge,
                    height,
                    count,
                },
            );
        }
        let Some(frame) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(node);
            }
            return Ok(());
        };
        frame.height = frame.height.max(height + 1);
        frame.count += count;
        frame.last_end = frame.last_end.max(node.span.end);
        match &mut frame.collection {
            Collection::Seq(items) => items.push(node),
            Collection::Map(_, pending @ None) => {
                let Some(text) = key_text else {
                    return Err(SyntaxError {
                        message: "a mapping key must be a scalar, not a collection".into(),
                        offset: node.span.start,
                    });
                };
                *pending = Some(PendingKey {
                    text,
                    span: node.span,
                    merge,
                });
            }
            Collection::Map(builder, pending @ Some(_)) => {
                let key = pending.take().expect("matched Some");
                if key.merge {
                    builder.merges.push(node);
                } else {
                    builder.insert(
                        Entry {
                            key: key.text,
                            key_span: key.span,
                            value: node,
                        },
                        &mut self.duplicates,
                    );
                }
            }
        }
        Ok(())
    }
}

/// A scalar with a core-schema tag (`!!str 12` is a string).
fn core_scalar(tag: &str, value: &str) -> NodeKind {
    match tag {
        "str" => NodeKind::String(value.to_string()),
        "int" | "float" => match plain_scalar(value) {
            number @ NodeKind::Number(_) => number,
            _ => NodeKind::String(value.to_string()),
        },
        _ => plain_scalar(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_indexes_become_byte_offsets() {
        let offsets = CharOffsets::new("é: ü");
        assert_eq!(offsets.byte(0), 0);
        assert_eq!(offsets.byte(1), 2);
        assert_eq!(offsets.byte(3), 4);
        assert_eq!(offsets.byte(4), 6);
        assert_eq!(offsets.byte(99), 6);
    }

    #[test]
    fn quoted_scalars_end_at_their_quote() {
        let text = "a: \"x\\\"y\"   # c";
        assert_eq!(
            scalar_range(text, 3..text.len(), ScalarStyle::DoubleQuoted),
            3..9
        );
        let text = "a: 'it''s'  ";
        assert_eq!(
            scalar_range(text, 3..text.len(), ScalarStyle::SingleQuoted),
            3..10
        );
    }
}
