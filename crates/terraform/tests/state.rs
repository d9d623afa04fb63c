//! Terraform state readers: `driftguard_terraform::state`.

mod state {
    use std::path::{Path, PathBuf};

    use driftguard_model::{DiagnosticLevel, Origin, ResourceMode, Value};
    use driftguard_terraform::state::{
        expand_glob, is_masked, load_state, load_state_reader, load_states, parse_state,
        LoadedState, ProviderRef, RegionSource, StateError, StateFormat, StateResource,
        StateSource, SENSITIVE_MARKER,
    };

    fn data(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/state")
            .join(name)
    }

    fn load(name: &str) -> LoadedState {
        load_state(&StateSource::Path(data(name))).unwrap()
    }

    fn find<'a>(loaded: &'a LoadedState, address: &str) -> &'a StateResource {
        loaded
            .resources
            .iter()
            .find(|r| r.resource.address == address)
            .unwrap_or_else(|| panic!("no {address} in {:#?}", addresses(loaded)))
    }

    fn addresses(loaded: &LoadedState) -> Vec<&str> {
        loaded
            .resources
            .iter()
            .map(|r| r.resource.address.as_str())
            .collect()
    }

    fn serialized(loaded: &LoadedState) -> String {
        let resources: Vec<_> = loaded.resources.iter().map(|r| &r.resource).collect();
        let mut text = serde_json::to_string(&resources).unwrap();
        text.push_str(&format!("{:?}", loaded));
        text
    }

    fn err(name: &str, text: &str) -> StateError {
        parse_state(name, text.as_bytes()).unwrap_err()
    }

    #[test]
    fn v4_loads_managed_instances_with_addresses_modules_and_ids() {
        let loaded = load("v4.tfstate");
        assert_eq!(
            addresses(&loaded),
            [
                "aws_instance.web[0]",
                "aws_instance.web[1]",
                "aws_security_group.web",
                "module.iam.aws_iam_user.this[\"alice\"]",
                "module.iam.aws_iam_user.this[\"bob\"]",
                "module.iam.aws_iam_access_key.this[\"alice\"]",
                "module.iam.aws_iam_user_login_profile.this[\"alice\"]",
                "module.db[\"main\"].module.rds.aws_db_instance.this",
            ]
        );
        let alice = &find(&loaded, "module.iam.aws_iam_user.this[\"alice\"]").resource;
        assert_eq!(alice.mode, ResourceMode::Managed);
        assert_eq!(alice.resource_type, "aws_iam_user");
        assert_eq!(alice.module, "module.iam");
        assert_eq!(alice.name(), "this");
        assert_eq!(alice.cloud_id.as_deref(), Some("alice"));
        assert_eq!(alice.get("unique_id"), Some(&Value::from("AIDAALICE")));
        assert!(alice.span.is_none());
        assert_eq!(
            alice.origin,
            Origin::State {
                path: data("v4.tfstate").display().to_string().into()
            }
        );
        let web = &find(&loaded, "aws_instance.web[0]").resource;
        assert_eq!(web.module, "");
        assert_eq!(
            web.get("root_block_device.0.volume_size"),
            Some(&Value::Number(8.0))
        );
        let db = &find(
            &loaded,
            "module.db[\"main\"].module.rds.aws_db_instance.this",
        )
        .resource;
        assert_eq!(db.module, "module.db[\"main\"].module.rds");

        let file = &loaded.files[0];
        assert_eq!(file.format, StateFormat::V4);
        assert_eq!(file.terraform_version.as_deref(), Some("1.9.8"));
        assert_eq!(file.serial, Some(42));
        assert_eq!(file.managed, 8);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    }

    #[test]
    fn v4_data_sources_are_skipped_and_counted() {
        let loaded = load("v4.tfstate");
        assert_eq!(loaded.data_skipped(), 2);
        assert_eq!(loaded.managed(), 8);
        assert!(!serialized(&loaded).contains("aws_caller_identity"));
        assert!(!serialized(&loaded).contains("aws_iam_policy_document"));
    }

    #[test]
    fn v4_provider_alias_and_region() {
        let loaded = load("v4.tfstate");
        let web0 = find(&loaded, "aws_instance.web[0]");
        assert_eq!(web0.provider.to_string(), "aws.west");
        assert_eq!(web0.provider.source, "registry.terraform.io/hashicorp/aws");
        assert_eq!(web0.provider.alias.as_deref(), Some("west"));
        assert_eq!(web0.region.as_deref(), Some("us-west-2"));
        assert_eq!(web0.region_source, Some(RegionSource::Arn));
        let web1 = find(&loaded, "aws_instance.web[1]");
        assert_eq!(web1.region_source, Some(RegionSource::Attribute));
        let sg = find(&loaded, "aws_security_group.web");
        assert_eq!(sg.provider.to_string(), "aws");
        assert_eq!(sg.region.as_deref(), Some("eu-west-1"));
        // IAM is global: its ARNs have no region.
        let alice = find(&loaded, "module.iam.aws_iam_user.this[\"alice\"]");
        assert_eq!(alice.region, None);
        assert_eq!(alice.region_source, None);
    }

    #[test]
    fn state_provider_addresses_parse() {
        let p = ProviderRef::parse(
            "module.child.provider[\"registry.terraform.io/hashicorp/aws\"].east",
        );
        assert_eq!((p.name.as_str(), p.alias.as_deref()), ("aws", Some("east")));
        let p = ProviderRef::parse("provider.aws.legacy");
        assert_eq!(p.to_string(), "aws.legacy");
        let p = ProviderRef::parse("registry.terraform.io/hashicorp/aws");
        assert_eq!(p.to_string(), "aws");
    }

    #[test]
    fn v4_sensitive_and_known_secrets_are_masked() {
        let loaded = load("v4.tfstate");
        let text = serialized(&loaded);
        for secret in [
            "user-data-secret-0a1b",
            "tag-secret-77aa",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "BExampleSmtpPasswordV4unmarked",
            "login-secret-Q1w2E3",
            "rds-secret-unmarked-5566",
            "output-secret-9f8e7d",
            "eyJzY2hlbWFfdmVyc2lvbiI6IjEifQ==",
        ] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
        let sg = &find(&loaded, "aws_security_group.web").resource;
        assert!(is_masked(sg.get("tags.ApiToken").unwrap()));
        assert_eq!(sg.get("tags.Team"), Some(&Value::from("web")));
        assert_eq!(
            sg.get("ingress.0.protocol"),
            Some(&Value::from(SENSITIVE_MARKER))
        );
        assert_eq!(sg.get("ingress.0.from_port"), Some(&Value::Number(443.0)));
        let key = &find(&loaded, "module.iam.aws_iam_access_key.this[\"alice\"]").resource;
        assert!(is_masked(key.get("secret").unwrap()));
        assert!(is_masked(key.get("ses_smtp_password_v4").unwrap()));
        // Null stays null: there is nothing to hide.
        assert_eq!(key.get("encrypted_secret"), Some(&Value::Null));
        assert_eq!(key.cloud_id.as_deref(), Some("AKIAIOSFODNN7EXAMPLE"));
        // user_data, tags.ApiToken, ingress.0.protocol, secret, smtp, password (x1), rds password
        assert_eq!(loaded.files[0].masked, 7);
    }

    #[test]
    fn show_json_loads_nested_modules_with_index_keys() {
        let loaded = load("show.json");
        assert_eq!(
            addresses(&loaded),
            [
                "aws_s3_bucket.logs",
                "module.iam.aws_iam_user.this[\"alice\"]",
                "module.iam.aws_iam_user_login_profile.this[\"alice\"]",
                "module.iam.module.keys[0].aws_iam_access_key.this[0]",
            ]
        );
        assert_eq!(loaded.files[0].format, StateFormat::ShowJson);
        assert_eq!(loaded.data_skipped(), 1);
        let key = find(
            &loaded,
            "module.iam.module.keys[0].aws_iam_access_key.this[0]",
        );
        assert_eq!(key.resource.module, "module.iam.module.keys[0]");
        assert_eq!(
            key.resource.cloud_id.as_deref(),
            Some("AKIAIOSFODNN7SHOWKEY")
        );
        assert_eq!(key.provider.to_string(), "aws");
        let bucket = find(&loaded, "aws_s3_bucket.logs");
        assert_eq!(bucket.region.as_deref(), Some("eu-west-1"));
        assert_eq!(bucket.region_source, Some(RegionSource::Attribute));
        assert_eq!(bucket.resource.get("tags.Env"), Some(&Value::from("prod")));
    }

    #[test]
    fn show_json_sensitive_values_are_masked() {
        let loaded = load("show.json");
        let text = serialized(&loaded);
        for secret in [
            "tag-secret-show-4242",
            "login-secret-show-Zz99",
            "show-secret-abcdef0123456789",
            "show-smtp-secret-998877",
            "list-secret-show-31",
            "output-secret-show-1234",
        ] {
            assert!(!text.contains(secret), "{secret} leaked");
        }
        let key = &find(
            &loaded,
            "module.iam.module.keys[0].aws_iam_access_key.this[0]",
        )
        .resource;
        assert_eq!(key.get("list_secret.0"), Some(&Value::from("public")));
        assert!(is_masked(key.get("list_secret.1").unwrap()));
        let alice = &find(&loaded, "module.iam.aws_iam_user.this[\"alice\"]").resource;
        assert_eq!(alice.get("tags.Owner"), Some(&Value::from("alice")));
    }

    #[test]
    fn state_version_3_is_rejected_with_upgrade_hint() {
        let e = load_state(&StateSource::Path(data("v3.tfstate"))).unwrap_err();
        let text = e.to_string();
        assert!(matches!(e, StateError::UnsupportedVersion { .. }), "{e:?}");
        assert!(text.contains("v3.tfstate"), "{text}");
        assert!(
            text.contains(
                "state format version 3 is not supported; upgrade it with terraform ≥ 0.12"
            ),
            "{text}"
        );
        let e = err("future.tfstate", r#"{"version": 5, "resources": {"a": 1}}"#);
        assert!(
            e.to_string()
                .starts_with("future.tfstate: state format version 5 is not supported"),
            "{e}"
        );
        let e = err("s.json", r#"{"format_version": "2.0", "values": {}}"#);
        assert!(matches!(e, StateError::UnsupportedShowFormat { .. }), "{e}");
    }

    #[test]
    fn state_malformed_json_names_file_line_and_column() {
        let e = err(
            "bad.tfstate",
            "{\n  \"version\": 4,\n  \"resources\": [,]\n}",
        );
        match &e {
            StateError::Json { path, line, .. } => {
                assert_eq!(path, "bad.tfstate");
                assert_eq!(*line, 3);
            }
            other => panic!("{other:?}"),
        }
        assert!(e.to_string().starts_with("bad.tfstate:3:"), "{e}");
    }

    #[test]
    fn state_truncated_file_is_reported_not_panicked() {
        let full = std::fs::read_to_string(data("v4.tfstate")).unwrap();
        for cut in [1, 10, full.len() / 3, full.len() / 2, full.len() - 2] {
            let e = err("cut.tfstate", &full[..cut]);
            let text = e.to_string();
            assert!(text.starts_with("cut.tfstate:"), "{text}");
            assert!(
                matches!(e, StateError::Json { line, .. } if line >= 1),
                "{text}"
            );
            assert!(text.contains("truncated"), "{text}");
        }
    }

    #[test]
    fn state_empty_and_wrong_shapes_are_clear_errors() {
        assert!(matches!(err("e.tfstate", ""), StateError::Empty { .. }));
        assert!(matches!(
            err("e.tfstate", " \n\t"),
            StateError::Empty { .. }
        ));
        let e = err("a.tfstate", "[1, 2]");
        assert_eq!(
            e.to_string(),
            "a.tfstate: not a Terraform state: the top level is an array, expected an object"
        );
        let e = err("n.tfstate", "null");
        assert!(e.to_string().contains("the top level is null"), "{e}");
        let e = err("x.tfstate", "hello");
        assert!(matches!(e, StateError::Json { .. }), "{e}");
        let e = err("o.tfstate", "{}");
        assert!(e.to_string().contains("neither a \"version\""), "{e}");
        let e = err("r.tfstate", r#"{"version": 4, "resources": {"a": 1}}"#);
        assert!(matches!(e, StateError::NotState { .. }), "{e}");
        assert!(
            e.to_string()
                .starts_with("r.tfstate: not a Terraform state"),
            "{e}"
        );
        let e = err("v.tfstate", r#"{"version": "4"}"#);
        assert!(e.to_string().contains("expected a number"), "{e}");
        let e = err(
            "i.tfstate",
            r#"{"version": 4, "resources": [{"mode": "managed"}]}"#,
        );
        assert!(e.to_string().contains("missing field"), "{e}");
        let e = err(
            "p.json",
            r#"{"format_version": "1.2", "planned_values": {}, "values": {}}"#,
        );
        assert!(e.to_string().contains("plan"), "{e}");
        let e = parse_state("u16.tfstate", b"\xFF\xFE{\x00}\x00").unwrap_err();
        assert!(e.to_string().contains("UTF-16"), "{e}");
        let ok = parse_state("bom.tfstate", b"\xEF\xBB\xBF{\"version\":4}").unwrap();
        assert!(ok.resources.is_empty());
        let e = load_state(&StateSource::Path(data("does-not-exist.tfstate"))).unwrap_err();
        assert!(matches!(e, StateError::Io { .. }));
        assert!(e.to_string().contains("does-not-exist.tfstate"), "{e}");
    }

    #[test]
    fn state_reader_source_for_stdin() {
        let text = std::fs::read(data("v4.tfstate")).unwrap();
        let loaded = load_state_reader("<stdin>", text.as_slice()).unwrap();
        assert_eq!(loaded.managed(), 8);
        assert_eq!(
            loaded.resources[0].resource.origin,
            Origin::State {
                path: "<stdin>".into()
            }
        );
        assert_eq!(StateSource::parse("-"), StateSource::Stdin);
        assert_eq!(
            StateSource::parse("states/**/*.tfstate"),
            StateSource::Glob("states/**/*.tfstate".into())
        );
        assert_eq!(
            StateSource::parse("prod.tfstate"),
            StateSource::Path("prod.tfstate".into())
        );
    }

    #[test]
    fn remote_sources_parse_and_never_show_credentials() {
        let s3 = StateSource::parse("s3://tf-states/prod/**/terraform.tfstate");
        assert_eq!(
            s3,
            StateSource::S3 {
                bucket: "tf-states".into(),
                key: "prod/**/terraform.tfstate".into()
            }
        );
        assert!(s3.is_remote());
        let http = StateSource::parse("https://ci:s3cr3t@state.example.com/prod?lock=1");
        assert_eq!(
            http.to_string(),
            "https://state.example.com/prod?lock=1",
            "userinfo is not displayed"
        );
        // Without a fetcher (library use), a remote source is a clear error, not a panic.
        let e = load_state(&http).unwrap_err();
        assert_eq!(e.path(), "https://state.example.com/prod?lock=1");
        assert!(e.to_string().contains("cannot read state"), "{e}");
        assert!(!e.to_string().contains("s3cr3t"));
    }

    #[test]
    fn state_globs_match_recursively_and_warn_on_duplicate_ids() {
        let root = data("glob");
        let pattern = format!("{}/**/*.tfstate", root.display());
        let files = expand_glob(&pattern).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|p| p.strip_prefix(&root).unwrap().display().to_string())
            .collect();
        assert_eq!(
            names,
            [
                "prod/terraform.tfstate",
                "staging/eu/terraform.tfstate",
                "staging/other.tfstate"
            ]
        );
        // `*` does not cross directories.
        let one_level = expand_glob(&format!("{}/*/*.tfstate", root.display())).unwrap();
        assert_eq!(one_level.len(), 2);

        // The same file through a path and a glob is read once.
        let loaded = load_states(&[
            StateSource::Path(root.join("prod/terraform.tfstate")),
            StateSource::Glob(pattern.clone()),
        ])
        .unwrap();
        assert_eq!(loaded.files.len(), 3);
        assert_eq!(loaded.resources.len(), 3);
        let dups: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code == "state-duplicate-id")
            .collect();
        assert_eq!(dups.len(), 1, "{:?}", loaded.diagnostics);
        assert_eq!(dups[0].level, DiagnosticLevel::Warning);
        assert!(
            dups[0].message.contains("\"ci-deployer\""),
            "{}",
            dups[0].message
        );
        assert!(dups[0].message.contains("prod"), "{}", dups[0].message);
        assert!(dups[0].message.contains("staging"), "{}", dups[0].message);
        // Both are kept.
        let ci: Vec<_> = loaded
            .resources
            .iter()
            .filter(|r| r.resource.cloud_id.as_deref() == Some("ci-deployer"))
            .collect();
        assert_eq!(ci.len(), 2);

        let e =
            load_state(&StateSource::Glob(format!("{}/**/*.nope", root.display()))).unwrap_err();
        assert!(matches!(e, StateError::NoMatch { .. }), "{e}");
        let e = expand_glob("states/[").unwrap_err();
        assert!(matches!(e, StateError::Glob { .. }), "{e}");
    }

    #[test]
    fn state_glob_walks_from_its_literal_prefix() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
        std::fs::write(dir.path().join("a/b/x.tfstate"), "{\"version\":4}").unwrap();
        let base = dir.path().display().to_string();
        let found = expand_glob(&format!("{base}/a/**/*.tfstate")).unwrap();
        assert_eq!(found, [dir.path().join("a/b/x.tfstate")]);
    }

    #[test]
    fn state_duplicate_id_within_one_state_warns() {
        let text = r#"{"version":4,"resources":[
          {"mode":"managed","type":"aws_iam_user","name":"a","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
           "instances":[{"attributes":{"id":"same"}}]},
          {"mode":"managed","type":"aws_iam_user","name":"b","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
           "instances":[{"attributes":{"id":"same"}}]},
          {"mode":"managed","type":"aws_iam_group","name":"c","provider":"provider[\"registry.terraform.io/hashicorp/aws\"]",
           "instances":[{"attributes":{"id":"same"}}]}]}"#;
        let loaded = parse_state("one.tfstate", text.as_bytes()).unwrap();
        assert_eq!(loaded.resources.len(), 3);
        assert_eq!(loaded.diagnostics.len(), 1, "{:?}", loaded.diagnostics);
        assert!(loaded.diagnostics[0].message.contains("aws_iam_user.a"));
    }
}
