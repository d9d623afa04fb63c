//! Generates a Terraform state v4 with N managed instances (default 100,000) and times loading
//! it with `driftguard_terraform::state`, printing the peak RSS from /proc/self/status.
//!
//! `cargo run --release -p driftguard-terraform --example load_state_bench [N]`

use std::io::{BufWriter, Write};
use std::time::Instant;

use driftguard_terraform::state::{load_state, StateSource};

fn main() -> std::io::Result<()> {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = std::env::temp_dir().join(format!("driftguard-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("bench.tfstate");
    write_state(&path, n)?;
    let size = std::fs::metadata(&path)?.len();
    let before = status_kb("VmRSS");

    let start = Instant::now();
    let loaded = load_state(&StateSource::Path(path.clone())).expect("load");
    let elapsed = start.elapsed();

    println!(
        "instances generated: {n} (file {:.1} MB)",
        size as f64 / 1e6
    );
    println!(
        "loaded: {} managed, {} data skipped, {} masked, {} warnings",
        loaded.managed(),
        loaded.data_skipped(),
        loaded.files[0].masked,
        loaded.diagnostics.len()
    );
    println!("load time: {:.3} s", elapsed.as_secs_f64());
    println!(
        "RSS before load: {} MB, after: {} MB, peak (VmHWM): {} MB",
        before / 1024,
        status_kb("VmRSS") / 1024,
        status_kb("VmHWM") / 1024
    );
    drop(loaded);
    std::fs::remove_dir_all(&dir)
}

/// Streams the state to disk so that generating it does not inflate the peak RSS.
fn write_state(path: &std::path::Path, n: usize) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    write!(
        w,
        r#"{{"version":4,"terraform_version":"1.9.8","serial":1,"lineage":"bench","outputs":{{}},"resources":["#
    )?;
    // Four resource blocks with count, one with for_each keys, of realistic attribute sizes.
    let per = n / 5;
    let kinds = [
        "aws_instance",
        "aws_security_group",
        "aws_s3_bucket",
        "aws_iam_user",
    ];
    for (k, ty) in kinds.iter().enumerate() {
        if k > 0 {
            w.write_all(b",")?;
        }
        write!(
            w,
            r#"{{"mode":"managed","type":"{ty}","name":"r","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":["#
        )?;
        for i in 0..per {
            if i > 0 {
                w.write_all(b",")?;
            }
            write!(
                w,
                r#"{{"index_key":{i},"schema_version":1,"attributes":{{"id":"{ty}-{i:08}","arn":"arn:aws:ec2:eu-west-1:123456789012:thing/{ty}-{i:08}","name":"name-{i}","description":"generated resource number {i}","tags":{{"Name":"r-{i}","Env":"prod","Team":"platform"}},"tags_all":{{"Name":"r-{i}","Env":"prod","Team":"platform"}},"ingress":[{{"cidr_blocks":["10.0.0.0/8"],"from_port":443,"to_port":443,"protocol":"tcp","self":false}}],"enabled":true,"count":{i}}},"sensitive_attributes":[[{{"type":"get_attr","value":"description"}}]],"private":"eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ=="}}"#
            )?;
        }
        w.write_all(b"]}")?;
    }
    write!(
        w,
        r#",{{"module":"module.iam","mode":"managed","type":"aws_iam_access_key","name":"k","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]","instances":["#
    )?;
    for i in 0..n - 4 * per {
        if i > 0 {
            w.write_all(b",")?;
        }
        write!(
            w,
            r#"{{"index_key":"user-{i}","schema_version":0,"attributes":{{"id":"AKIA{i:016}","user":"user-{i}","secret":"secret-{i}","status":"Active","create_date":"2024-05-01T10:00:00Z"}},"sensitive_attributes":[]}}"#
        )?;
    }
    w.write_all(b"]}]}")?;
    w.flush()
}

fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
