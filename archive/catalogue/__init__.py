"""The catalogue, the archive's bottom floor: the tables (`models`), engines, sessions and the
`Catalogue` handle (`db`), schema migrations (`migrate`), the content-addressed blob store
(`blobs`) and the URL → document lookup (`documents`). Nothing here imports the rest of the
archive."""
