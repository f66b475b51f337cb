"""The `nianbao` command line: `main` (the app, command loading, the error policy),
`console` (what every command shares) and one module per group of commands."""
