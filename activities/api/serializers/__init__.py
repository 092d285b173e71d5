"""Serializers of the six systems' REST resources whose views keep them apart (explicit fields)."""
