-- The 12345 knowledge base (issue 18 item 1): articles written by administrators and departments,
-- reviewed before they are published; every change is a revision (the audit trail); which article
-- answered which consult call; and the searches, so the ones with no good answer can be reported.
create table knowledge_articles (
  id serial primary key,
  title text not null check (char_length(title) between 4 and 100),
  body text not null check (char_length(body) between 10 and 8000),
  category text not null,
  keywords text[] not null default '{}' check (cardinality(keywords) <= 20),
  -- the owning department (or the hotline's own knowledge desk), whose staff may edit it
  unit_id integer not null references org_units (id),
  valid_from date not null,
  valid_to date check (valid_to is null or valid_to >= valid_from),
  state text not null default 'draft' check (state in ('draft', 'in_review', 'published', 'retired')),
  version integer not null default 1,
  created_by integer references users (id),
  created_at timestamptz not null default now(),
  updated_by integer references users (id),
  updated_at timestamptz not null default now(),
  published_at timestamptz
);
create index knowledge_articles_unit on knowledge_articles (unit_id);

-- one row per version of an article: what it said after the change, who made it and why
create table knowledge_revisions (
  article_id integer not null references knowledge_articles (id),
  version integer not null,
  action text not null check (action in ('create', 'edit', 'submit', 'publish', 'return', 'retire')),
  title text not null,
  body text not null,
  category text not null,
  keywords text[] not null,
  unit_id integer not null,
  valid_from date not null,
  valid_to date,
  state text not null,
  note text,
  actor_user_id integer references users (id),
  at timestamptz not null default now(),
  primary key (article_id, version)
);

-- a consult call answered from an article: written in the transaction that creates and closes the event
create table knowledge_answers (
  event_id bigint primary key references events (id),
  article_id integer not null references knowledge_articles (id),
  article_version integer not null,
  operator_user_id integer not null references users (id),
  at timestamptz not null default now()
);
create index knowledge_answers_article on knowledge_answers (article_id);

-- searches as asked (phones and ID numbers masked), with how well the best article matched
create table knowledge_searches (
  id bigserial primary key,
  query text not null,
  audience text not null check (audience in ('staff', 'public')),
  hits integer not null,
  top_article_id integer references knowledge_articles (id),
  top_confidence double precision not null,
  at timestamptz not null default now()
);
create index knowledge_searches_at on knowledge_searches (at);
