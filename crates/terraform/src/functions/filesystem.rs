//! Filesystem functions. Every file read stays inside the scanned root: a configuration must
//! not be able to make the scanner read (or hash, or list) files elsewhere on the machine.

use std::fs;
use std::io::{ErrorKind, Read as _};
use std::path::{Component, Path, PathBuf};

use driftguard_model::Value;

use super::crypto::{digest, hex, Hash};
use super::encoding::base64;
use super::{spec, Args, FunctionError, Spec, Unknowns::*, MAX_RESULT_BYTES};

pub(super) const FUNCTIONS: &[Spec] = &[
    spec("abspath", 1, 1, Deep, abspath),
    spec("basename", 1, 1, Deep, basename),
    spec("dirname", 1, 1, Deep, dirname),
    spec("pathexpand", 1, 1, Deep, pathexpand),
    spec("file", 1, 1, Deep, file),
    spec("fileexists", 1, 1, Deep, fileexists),
    spec("fileset", 2, 2, Deep, fileset),
    spec("filebase64", 1, 1, Deep, filebase64),
    spec("filemd5", 1, 1, Deep, |a| file_hex(a, Hash::Md5)),
    spec("filesha1", 1, 1, Deep, |a| file_hex(a, Hash::Sha1)),
    spec("filesha256", 1, 1, Deep, |a| file_hex(a, Hash::Sha256)),
    spec("filesha512", 1, 1, Deep, |a| file_hex(a, Hash::Sha512)),
    spec("filebase64sha256", 1, 1, Deep, |a| {
        file_base64(a, Hash::Sha256)
    }),
    spec("filebase64sha512", 1, 1, Deep, |a| {
        file_base64(a, Hash::Sha512)
    }),
];

/// Most directory entries `fileset` visits before giving up.
const FILESET_ENTRY_LIMIT: usize = 100_000;

/// Go's `path.Clean` for slash-separated paths.
pub(crate) fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".into();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".into(),
        (false, false) => joined,
    }
}

fn cwd(args: &Args) -> Result<PathBuf, FunctionError> {
    std::env::current_dir()
        .map_err(|e| args.error(format!("cannot determine the working directory: {e}")))
}

fn to_slash(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

fn abspath(args: &Args) -> Result<Value, FunctionError> {
    let path = args.str(0)?;
    let joined = if Path::new(&*path).is_absolute() {
        path.into_owned()
    } else {
        format!("{}/{path}", to_slash(&cwd(args)?))
    };
    Ok(Value::String(go_clean(&joined)))
}

/// Go's `filepath.Dir`.
fn dirname(args: &Args) -> Result<Value, FunctionError> {
    let path = args.str(0)?;
    let dir = match path.rfind('/') {
        Some(i) => go_clean(&path[..=i]),
        None => ".".into(),
    };
    Ok(Value::String(dir))
}

/// Go's `filepath.Base`.
fn basename(args: &Args) -> Result<Value, FunctionError> {
    let path = args.str(0)?;
    if path.is_empty() {
        return Ok(Value::from("."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::from("/"));
    }
    Ok(Value::from(trimmed.rsplit('/').next().unwrap_or(trimmed)))
}

/// `~` and `~/…` become the home directory; `~user` is refused, as Terraform refuses it.
fn expand_home(args: &Args, path: &str) -> Result<String, FunctionError> {
    if !path.starts_with('~') {
        return Ok(path.to_string());
    }
    if path.len() > 1 && !path[1..].starts_with(['/', '\\']) {
        return Err(args.error("cannot expand user-specific home dir"));
    }
    let home =
        std::env::var("HOME").map_err(|_| args.error("cannot expand ~: $HOME is not set"))?;
    Ok(go_clean(&format!("{home}/{}", &path[1..])))
}

fn pathexpand(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::String(expand_home(args, &args.str(0)?)?))
}

/// Lexically normalizes an absolute path, then resolves symlinks in the longest prefix that
/// exists: the real location of a file, even one that does not exist yet.
fn canonical(path: &Path) -> PathBuf {
    let mut normal = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    if let Ok(c) = fs::canonicalize(path) {
        return c;
    }
    let mut rest = Vec::new();
    let mut base = normal.as_path();
    loop {
        if let Ok(c) = fs::canonicalize(base) {
            let mut out = c;
            out.extend(rest.iter().rev());
            return out;
        }
        match (base.file_name(), base.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                base = parent;
            }
            _ => return normal,
        }
    }
}

/// The real path of `raw`, refusing anything outside the scanned root.
fn contained(args: &Args, raw: &str) -> Result<PathBuf, FunctionError> {
    let expanded = expand_home(args, raw)?;
    let path = Path::new(&expanded);
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd(args)?.join(path)
    };
    let root = fs::canonicalize(args.ctx.root).map_err(|e| {
        args.error(format!(
            "cannot resolve the scanned directory {}: {e}",
            args.ctx.root.display()
        ))
    })?;
    let real = canonical(&absolute);
    if !real.starts_with(&root) {
        return Err(args.error(format!(
            "{raw} is outside the scanned directory {}; only files inside it can be read",
            root.display()
        )));
    }
    Ok(real)
}

fn read_bytes(args: &Args) -> Result<Vec<u8>, FunctionError> {
    let raw = args.str(0)?;
    let path = contained(args, &raw)?;
    let mut f = match fs::File::open(&path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(args.error(format!(
                "no file exists at {raw}; this function works only with files that are distributed as part of the configuration source code"
            )))
        }
        Err(e) => return Err(args.error(format!("failed to read {raw}: {e}"))),
    };
    if f.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(args.error(format!("{raw} is a directory, not a file")));
    }
    let mut bytes = Vec::new();
    (&mut f)
        .take(MAX_RESULT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| args.error(format!("failed to read {raw}: {e}")))?;
    if bytes.len() > MAX_RESULT_BYTES {
        return Err(args.error(format!("{raw} is larger than 16 MiB")));
    }
    Ok(bytes)
}

fn file(args: &Args) -> Result<Value, FunctionError> {
    let bytes = read_bytes(args)?;
    String::from_utf8(bytes).map(Value::String).map_err(|_| {
        args.error(format!(
            "contents of {} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead",
            args.str(0).unwrap_or_default()
        ))
    })
}

fn filebase64(args: &Args) -> Result<Value, FunctionError> {
    Ok(Value::String(base64(&read_bytes(args)?)))
}

fn file_hex(args: &Args, hash: Hash) -> Result<Value, FunctionError> {
    Ok(Value::String(hex(&digest(hash, &read_bytes(args)?))))
}

fn file_base64(args: &Args, hash: Hash) -> Result<Value, FunctionError> {
    Ok(Value::String(base64(&digest(hash, &read_bytes(args)?))))
}

fn fileexists(args: &Args) -> Result<Value, FunctionError> {
    let raw = args.str(0)?;
    let path = contained(args, &raw)?;
    match fs::metadata(&path) {
        Ok(m) if m.is_file() => Ok(Value::Bool(true)),
        Ok(_) => Err(args.error(format!("{raw} is not a regular file"))),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(Value::Bool(false)),
        Err(e) => Err(args.error(format!("failed to stat {raw}: {e}"))),
    }
}

/// Regular files under `path` matching a doublestar pattern, relative and slash-separated,
/// sorted. Symlinked directories are not followed, and the walk is bounded.
fn fileset(args: &Args) -> Result<Value, FunctionError> {
    let raw = args.str(0)?;
    let base = contained(args, &raw)?;
    let pattern = go_clean(&args.str(1)?);
    if pattern == ".." || pattern.starts_with("../") || pattern.starts_with('/') {
        return Err(args.error(format!("pattern {pattern:?} must not leave {raw}")));
    }
    let glob = globset::GlobBuilder::new(&pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| args.error(format!("failed to glob pattern ({pattern}): {e}")))?
        .compile_matcher();
    let max_depth = if pattern.contains("**") {
        usize::MAX
    } else {
        pattern.matches('/').count() + 1
    };
    let mut found = Vec::new();
    let mut visited = 0usize;
    let mut stack = vec![(base.clone(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            visited += 1;
            if visited > FILESET_ENTRY_LIMIT {
                return Err(
                    args.error(format!("more than {FILESET_ENTRY_LIMIT} files under {raw}"))
                );
            }
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                if depth + 1 < max_depth && depth + 1 < super::MAX_DEPTH {
                    stack.push((path, depth + 1));
                }
                continue;
            }
            // Symlinks count when they point to a regular file, as Go's os.Stat sees them.
            if !fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                continue;
            }
            let Ok(relative) = path.strip_prefix(&base) else {
                continue;
            };
            let relative = to_slash(relative);
            if glob.is_match(&relative) {
                found.push(relative);
            }
        }
    }
    found.sort();
    Ok(Value::List(found.into_iter().map(Value::String).collect()))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::{call, FunctionContext};
    use super::*;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("hello.txt"), "Hello World").unwrap();
        fs::write(dir.path().join("binary.bin"), [0xff, 0xfe, 0x00]).unwrap();
        fs::create_dir_all(dir.path().join("files/sub")).unwrap();
        fs::write(dir.path().join("files/a.txt"), "a").unwrap();
        fs::write(dir.path().join("files/b.md"), "b").unwrap();
        fs::write(dir.path().join("files/sub/c.txt"), "c").unwrap();
        fs::write(dir.path().join("files/.hidden.txt"), "h").unwrap();
        dir
    }

    fn call_in(root: &Path, name: &str, args: Vec<Value>) -> Result<Value, String> {
        call(name, args, &FunctionContext { root }).map_err(|e| e.to_string())
    }

    fn path_of(root: &Path, rel: &str) -> Value {
        s(&root.join(rel).to_string_lossy())
    }

    #[test]
    fn file_reads_inside_the_root_only() {
        let dir = fixture();
        let root = dir.path();
        assert_eq!(
            call_in(root, "file", vec![path_of(root, "hello.txt")]).unwrap(),
            s("Hello World")
        );
        assert_eq!(
            call_in(root, "file", vec![path_of(root, "files/../hello.txt")]).unwrap(),
            s("Hello World")
        );
        let missing = call_in(root, "file", vec![path_of(root, "nope.txt")]).unwrap_err();
        assert!(
            missing.contains("no file exists at") && missing.contains("nope.txt"),
            "{missing}"
        );
        assert!(call_in(root, "file", vec![path_of(root, "binary.bin")])
            .unwrap_err()
            .contains("not valid UTF-8"));
        assert!(call_in(root, "file", vec![path_of(root, "files")])
            .unwrap_err()
            .contains("is a directory"));
        let outside = call_in(root, "file", vec![s("/etc/hostname")]).unwrap_err();
        assert!(
            outside.contains("outside the scanned directory"),
            "{outside}"
        );
        let escape =
            call_in(root, "file", vec![path_of(root, "../../../../etc/passwd")]).unwrap_err();
        assert!(escape.contains("outside the scanned directory"), "{escape}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_root_are_refused() {
        let dir = fixture();
        let outside = tempfile::tempdir().unwrap();
        fs::write(outside.path().join("secret"), "s").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join("link")).unwrap();
        let e = call_in(dir.path(), "file", vec![path_of(dir.path(), "link")]).unwrap_err();
        assert!(e.contains("outside the scanned directory"), "{e}");
    }

    #[test]
    fn file_hashes_and_base64() {
        let dir = fixture();
        let root = dir.path();
        let p = path_of(root, "hello.txt");
        let check = |name: &str, expected: &str| {
            assert_eq!(
                call_in(root, name, vec![p.clone()]).unwrap(),
                s(expected),
                "{name}"
            );
        };
        check("filebase64", "SGVsbG8gV29ybGQ=");
        check("filemd5", "b10a8db164e0754105b7a99be72e3fe5");
        check("filesha1", "0a4d55a8d778e5022fab701977c5d840bbc486d0");
        check(
            "filesha256",
            "a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e",
        );
        check(
            "filesha512",
            "2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b",
        );
        check(
            "filebase64sha256",
            "pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4=",
        );
        check(
            "filebase64sha512",
            "LHT9F+2v2A6ER7DUZ0HuJDt+t03SFJoKsbkkb7MDgvJ+hT2FhXGeDmfL2g2qj1FnEGRhXWRa4nrLFb+xRH9Fmw==",
        );
        assert!(
            call_in(root, "filebase64", vec![path_of(root, "binary.bin")]).unwrap() == s("//4A")
        );
        assert!(call_in(root, "filemd5", vec![path_of(root, "x")])
            .unwrap_err()
            .contains("no file exists"));
    }

    #[test]
    fn fileexists_checks_regular_files() {
        let dir = fixture();
        let root = dir.path();
        assert_eq!(
            call_in(root, "fileexists", vec![path_of(root, "hello.txt")]).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            call_in(root, "fileexists", vec![path_of(root, "nope/x.txt")]).unwrap(),
            Value::Bool(false)
        );
        assert!(call_in(root, "fileexists", vec![path_of(root, "files")])
            .unwrap_err()
            .contains("not a regular file"));
        assert!(call_in(root, "fileexists", vec![s("/definitely/not/here")])
            .unwrap_err()
            .contains("outside"));
    }

    #[test]
    fn fileset_globs_sorted_relative_paths() {
        let dir = fixture();
        let root = dir.path();
        let files = path_of(root, "files");
        let set =
            |pattern: &str| call_in(root, "fileset", vec![files.clone(), s(pattern)]).unwrap();
        assert_eq!(set("*.txt"), strs(&[".hidden.txt", "a.txt"]));
        assert_eq!(
            set("**"),
            strs(&[".hidden.txt", "a.txt", "b.md", "sub/c.txt"])
        );
        assert_eq!(
            set("**/*.txt"),
            strs(&[".hidden.txt", "a.txt", "sub/c.txt"])
        );
        assert_eq!(set("{a,b}.*"), strs(&["a.txt", "b.md"]));
        assert_eq!(set("sub/*"), strs(&["sub/c.txt"]));
        assert_eq!(set("./[ab].*"), strs(&["a.txt", "b.md"]));
        assert_eq!(set("*.none"), strs(&[]));
        assert_eq!(
            call_in(root, "fileset", vec![path_of(root, "missing"), s("*")]).unwrap(),
            strs(&[])
        );
        assert!(call_in(root, "fileset", vec![files.clone(), s("../*")])
            .unwrap_err()
            .contains("must not leave"));
        assert!(call_in(root, "fileset", vec![s("/"), s("*")])
            .unwrap_err()
            .contains("outside"));
    }

    #[test]
    fn path_functions_follow_go() {
        assert_eq!(ok("dirname", vec![s("foo/bar/baz.txt")]), s("foo/bar"));
        assert_eq!(ok("dirname", vec![s("foo")]), s("."));
        assert_eq!(ok("dirname", vec![s("/foo")]), s("/"));
        assert_eq!(ok("dirname", vec![s("foo/bar/")]), s("foo/bar"));
        assert_eq!(ok("dirname", vec![s("")]), s("."));
        assert_eq!(ok("basename", vec![s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(ok("basename", vec![s("foo/bar/")]), s("bar"));
        assert_eq!(ok("basename", vec![s("/")]), s("/"));
        assert_eq!(ok("basename", vec![s("")]), s("."));
        assert_eq!(ok("abspath", vec![s("/a/b/../c/./d")]), s("/a/c/d"));
        let cwd = to_slash(&std::env::current_dir().unwrap());
        assert_eq!(ok("abspath", vec![s("x/y")]), s(&format!("{cwd}/x/y")));
        assert_eq!(ok("pathexpand", vec![s("/etc/x")]), s("/etc/x"));
        if let Ok(home) = std::env::var("HOME") {
            assert_eq!(
                ok("pathexpand", vec![s("~/.ssh/id_rsa")]),
                s(&go_clean(&format!("{home}/.ssh/id_rsa")))
            );
        }
        assert!(err("pathexpand", vec![s("~bob/x")]).contains("user-specific"));
        assert!(err("dirname", vec![Value::Null]).contains("must not be null"));
        assert_eq!(go_clean("../a/../../b/"), "../../b");
        assert_eq!(go_clean("/../a"), "/a");
    }
}
