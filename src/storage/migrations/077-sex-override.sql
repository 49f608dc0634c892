-- The sex-vs-amelogenin override (issue 16): a person declared male with amelogenin X only (an AMEL-Y
-- deletion or Y dropout, confirmed by other markers) or female with a Y is refused unless the request
-- gives an override with a reason. The reason is a personal field, sealed like the others
-- (src/storage/sealed-columns.ts); NULL means no override, and then amelogenin is trusted as before.
ALTER TABLE unidentified_persons ADD COLUMN sex_override_reason BLOB;
