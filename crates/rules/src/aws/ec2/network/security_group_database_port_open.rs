use driftguard_model::Severity;

use crate::view::network::{Protocol, Service};
use crate::{Context, Mapping, Reporter, Rule, RuleMeta, Topic, TrivyId};

pub struct SecurityGroupDatabasePortOpen;

const TCP: &[Protocol] = &[Protocol::Tcp];

/// Databases, caches and search engines: their default ports, which internet-wide scanners
/// sweep continuously (Shodan, ransom-the-database campaigns against MongoDB, Elasticsearch,
/// Redis, CouchDB). Several of them answer without authentication by default.
const DATA_STORES: &[Service] = &[
    Service {
        name: "Microsoft SQL Server",
        ports: &[1433],
        protocols: TCP,
    },
    Service {
        name: "Oracle Database",
        ports: &[1521],
        protocols: TCP,
    },
    Service {
        name: "MySQL/MariaDB",
        ports: &[3306],
        protocols: TCP,
    },
    Service {
        name: "PostgreSQL",
        ports: &[5432],
        protocols: TCP,
    },
    Service {
        name: "Amazon Redshift",
        ports: &[5439],
        protocols: TCP,
    },
    Service {
        name: "Kibana/OpenSearch Dashboards",
        ports: &[5601],
        protocols: TCP,
    },
    Service {
        name: "CouchDB",
        ports: &[5984],
        protocols: TCP,
    },
    Service {
        name: "Redis/Valkey",
        ports: &[6379],
        protocols: TCP,
    },
    Service {
        name: "Cassandra inter-node",
        ports: &[7000, 7001],
        protocols: TCP,
    },
    Service {
        name: "Neo4j",
        ports: &[7474, 7687],
        protocols: TCP,
    },
    Service {
        name: "InfluxDB",
        ports: &[8086],
        protocols: TCP,
    },
    Service {
        name: "Cassandra CQL",
        ports: &[9042],
        protocols: TCP,
    },
    Service {
        name: "Elasticsearch/OpenSearch",
        ports: &[9200, 9300],
        protocols: TCP,
    },
    Service {
        name: "Memcached",
        ports: &[11211],
        protocols: &[Protocol::Tcp, Protocol::Udp],
    },
    Service {
        name: "MongoDB",
        ports: &[27017, 27018, 27019],
        protocols: TCP,
    },
];

static META: RuleMeta = RuleMeta {
    id: "aws-ec2-security-group-database-port-open",
    title: "Security group exposes a database, cache or search port to the whole internet",
    severity: Severity::High,
    rationale: "An ingress rule from 0.0.0.0/0 or ::/0 whose port range includes the port of \
        a data store (MySQL 3306, PostgreSQL 5432, SQL Server 1433, Oracle 1521, Redshift 5439, \
        MongoDB 27017–27019, Redis 6379, Memcached 11211, Elasticsearch/OpenSearch 9200/9300, \
        Kibana 5601, CouchDB 5984, Cassandra 7000/7001/9042, Neo4j 7474/7687, InfluxDB 8086) \
        puts the data behind nothing but the store's own authentication, which several of them \
        do not enable by default. Exposed databases are found by internet-wide scanners within \
        hours and are the target of automated wipe-and-ransom campaigns; Memcached over UDP is \
        also a DDoS amplifier. Wide ranges (1024–65535) are reported with the stores they \
        include. Rules that open every port are reported once, by \
        aws-ec2-security-group-all-ports-open.",
    remediation: "Allow the port only from the security groups of the application tier \
        (`source_security_group_id` / `referenced_security_group_id`) or from private CIDRs, \
        and keep data stores in private subnets; reach them for administration through a \
        bastion, AWS Systems Manager port forwarding or a VPN.",
    resource_types: &[
        "aws_security_group",
        "aws_default_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_ingress_rule",
    ],
    checkov: &[],
    trivy: &[
        TrivyId {
            avd: "AVD-AWS-0107",
            long: "aws-ec2-no-public-ingress-sgr",
        },
        TrivyId {
            avd: "AVD-AWS-0107",
            long: "aws-vpc-no-public-ingress-sgr",
        },
    ],
    compliance: Mapping {
        topics: &[Topic::NetworkExposure],
        controls: &[],
    },
    example_bad: r#"resource "aws_security_group" "db" {
  name        = "db"
  description = "PostgreSQL"

  ingress {
    description = "PostgreSQL"
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
"#,
    example_good: r#"resource "aws_security_group" "db" {
  name        = "db"
  description = "PostgreSQL"
}

resource "aws_vpc_security_group_ingress_rule" "from_app" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the application tier"
  referenced_security_group_id = "sg-0123456789abcdef0"
  from_port                    = 5432
  to_port                      = 5432
  ip_protocol                  = "tcp"
}
"#,
};

impl Rule for SecurityGroupDatabasePortOpen {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Context<'_>, report: &mut Reporter<'_>) {
        super::report_world_exposed(ctx, report, DATA_STORES);
    }
}
