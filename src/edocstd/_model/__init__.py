"""The typed model of edXML packages (attrs, frozen, keyword-only, validated when built)."""
