"""Evidence packs: themes turned into a paper for partners, with figures and quotes frozen when ready."""
