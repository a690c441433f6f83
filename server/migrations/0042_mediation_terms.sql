-- A mediation case's term warns like other deadlines (issue 19): the term scan marks a case once when
-- 75 % of its term is used and once when it is past, each time with a system reminder on its event.
alter table mediation_cases add column term_warned_at timestamptz;
alter table mediation_cases add column term_overdue_at timestamptz;
create index mediation_cases_term_open on mediation_cases (term_due)
  where state in ('pending', 'accepted', 'in_mediation') and term_overdue_at is null;
