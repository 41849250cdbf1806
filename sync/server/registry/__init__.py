"""The economic-status check (家庭经济状况核对) on the server: department extracts in, matched in
the database against surveyed members, findings and flags out to supervisors and re-check tasks
out to cadres. `forms.registry_check` holds what each source and rule is; this package holds
what is done with them."""
