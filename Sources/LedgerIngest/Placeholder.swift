enum _PlaceholderLedgerIngest {}
