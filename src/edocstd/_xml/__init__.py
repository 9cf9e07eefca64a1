"""XML plumbing: one hardened parser configuration, the tolerant reader and the SDK-layout writer."""
