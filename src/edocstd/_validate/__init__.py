"""Validation of edXML packages: XML Schemas (tolerant and strict flavours) and business rules."""
