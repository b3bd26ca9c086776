"""Reports: each module turns one AuditResult into one output format."""
