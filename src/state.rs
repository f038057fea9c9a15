//! One element's state. The element owns the writable signals ([`Controls`]); components get
//! [`WidgetState`] from context, where everything but the plan is read-only: the plan is the
//! one thing people change through the components, and it has one source of truth.

use std::sync::Arc;

use leptos::prelude::*;
use vidmud_credits_core::{BalanceView, Catalog, Plan};

use crate::api::ApiRequest;
use crate::messages::Text;

/// Links the host page supplies through attributes.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct HostLinks {
    /// Where to buy credits (`pricing-url`).
    pub pricing_url: Option<String>,
    /// The Account Center: sign in, history (`account-url`).
    pub account_url: Option<String>,
}

/// What the host configured for the account API.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AccountConfig {
    /// `api-base`: absent means no request is ever made.
    pub api_base: Option<String>,
    /// `credentials="omit"`: send no cookies.
    pub omit_credentials: bool,
}

/// The writable signals of one element, held by its handle and written by the host (through
/// attributes and properties) and by the balance driver.
#[derive(Clone, Copy)]
pub struct Controls {
    pub plan: RwSignal<Plan>,
    pub config: RwSignal<AccountConfig>,
    pub links: RwSignal<HostLinks>,
    pub token: RwSignal<Option<String>>,
    /// Bumped to ask the account API again for the same account.
    pub refresh: RwSignal<u32>,
    pub balance: RwSignal<BalanceView>,
    pub text: RwSignal<Text>,
    /// Whether `api-base` is set: kept apart from `config` so that only its presence, not
    /// every change of the account settings, decides whether the balance panel is loaded.
    pub live: RwSignal<bool>,
    /// The host's packs as JSON text (the `packs` attribute, or the property stringified),
    /// read by the buyer chunk.
    pub packs: RwSignal<Option<String>>,
    /// The packs the pack advice suggests for the shortfall, as in [`Buy::packs`], so that the
    /// shortfall's Buy link names them too.
    pub advised: RwSignal<Vec<String>>,
    /// The price list's filter, as typed: kept here so a new view (a new locale or price list)
    /// keeps it.
    pub filter: RwSignal<String>,
    /// What was typed but is not in the plan, and where the person was: kept here so that a
    /// new view (a new locale or price list) loses none of it.
    pub drafts: StoredValue<Drafts>,
    /// Whether the buyer's panels are wanted: set by the first focus inside the element, the
    /// first change of its plan, or a kept or linked plan waiting. Their chunk is fetched then,
    /// and every later view of the element shows them at once.
    pub buyer_wanted: RwSignal<bool>,
    /// Where the plan is kept, as the element's class worked it out when it connected.
    pub keeping: StoredValue<Keeping>,
    /// Bumped by "Clear plan", so that each row also forgets text it refused.
    pub resets: RwSignal<u32>,
}

/// A change of the plan that can be undone, offered while the plan is what it left.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Undo {
    pub what: Undoable,
    pub before: Plan,
    pub after: Plan,
}

/// The changes that replace much of the plan at once, and so can be undone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undoable {
    Clear,
    Switch,
    FromUsage,
}

impl Undoable {
    /// As `data-undoes` says it.
    pub fn as_str(self) -> &'static str {
        match self {
            Undoable::Clear => "clear",
            Undoable::Switch => "switch",
            Undoable::FromUsage => "from-usage",
        }
    }
}

/// Where an element keeps its plan.
#[derive(Clone, Debug, Default)]
pub struct Keeping {
    /// The storage key; `None` for `persist="none"`, or when another element keeps its plan
    /// under the same key.
    pub key: Option<String>,
    /// `sync-url`: the plan is read from, and written to, the page URL's `#plan=`.
    pub sync: bool,
    /// Whether the kept or linked plan was read already: once per element, not per view.
    pub restored: bool,
}

/// What a view holds that the plan doesn't, kept across views of one element.
// No Debug: `asked` holds the token, which is never printed.
#[derive(Clone, Default)]
pub struct Drafts {
    /// Text a quantity box refused, by entry id, with the browser's `badInput` verdict. A list:
    /// there are only ever a few, and a hash map's code would weigh on the first download.
    pub rows: Vec<(String, Typed)>,
    /// The budget as typed in "What can I still make?", once the person typed one.
    pub budget: Option<Typed>,
    /// Whether "What can I still make?" is open.
    pub can_make_open: bool,
    /// The balance request last made (`Some(None)`: none, without an `api-base`): a new view's
    /// driver asking the same one is the same account, whose balance it keeps.
    pub asked: Option<Option<ApiRequest>>,
    /// The control that had focus when the last view went, as a selector within the view, for
    /// a part of the new view that mounts later (the buyer's panels) to take back.
    pub focus: Option<String>,
    /// The last change that can be undone (see [`WidgetState::change`]). Not a signal of its
    /// own: it only ever changes with the plan, which is what its readers track.
    pub undo: Option<Undo>,
}

impl Drafts {
    /// What the box of entry `id` refused, if anything.
    pub fn row(&self, id: &str) -> Option<&Typed> {
        self.rows.iter().find(|(k, _)| k == id).map(|(_, t)| t)
    }

    /// Keeps what the box of entry `id` refused (`None`: it refuses nothing now).
    pub fn set_row(&mut self, id: &str, typed: Option<Typed>) {
        self.rows.retain(|(k, _)| k != id);
        if let Some(t) = typed {
            self.rows.push((id.to_owned(), t));
        }
    }
}

/// Text as typed into a number box: its value, and whether the browser could read it at all
/// (a number box reports text it can't read as an empty value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub value: String,
    pub bad_input: bool,
}

impl Controls {
    /// Fresh state, under the current reactive owner.
    pub fn new(text: Text, token: Option<String>, keeping: Keeping, waiting: bool) -> Controls {
        Controls {
            plan: RwSignal::new(Plan::new()),
            config: RwSignal::new(AccountConfig::default()),
            links: RwSignal::new(HostLinks::default()),
            token: RwSignal::new(token),
            refresh: RwSignal::new(0),
            balance: RwSignal::new(BalanceView::idle()),
            text: RwSignal::new(text),
            live: RwSignal::new(false),
            packs: RwSignal::new(None),
            advised: RwSignal::new(Vec::new()),
            filter: RwSignal::new(String::new()),
            drafts: StoredValue::new(Drafts::default()),
            buyer_wanted: RwSignal::new(waiting),
            keeping: StoredValue::new(keeping),
            resets: RwSignal::new(0),
        }
    }

    /// Asks the account API again for the same account (Retry, `refresh()`, a token set).
    pub fn refresh(&self) {
        self.refresh.update(|n| *n = n.wrapping_add(1));
    }

    /// What the balance driver reads and writes.
    pub fn balance_inputs(&self) -> BalanceInputs {
        BalanceInputs {
            config: self.config.read_only(),
            token: self.token.read_only(),
            refresh: self.refresh.read_only(),
            view: self.balance,
            drafts: self.drafts,
        }
    }

    /// Puts the components' view of this state into context, for one view, with the price list
    /// in use. `buy` tells the host that the person is about to buy (`credits-buy`) and says
    /// whether the widget may go on.
    pub fn provide(&self, catalog: Arc<Catalog>, buy: Callback<Buy, bool>) {
        let c = *self;
        provide_context(WidgetState {
            catalog: StoredValue::new(catalog),
            plan: c.plan,
            balance: c.balance.read_only(),
            links: c.links.read_only(),
            live: c.live.read_only(),
            retry: Callback::new(move |()| c.refresh()),
            buy,
            packs: c.packs.read_only(),
            advised: c.advised,
            token: c.token.read_only(),
            config: c.config.read_only(),
            drafts: c.drafts,
            buyer_wanted: c.buyer_wanted.read_only(),
            keeping: c.keeping,
            filter: c.filter.read_only(),
            resets: c.resets,
        });
    }
}

/// The balance driver's inputs, and the one signal it writes. Not in context: it is handed to
/// the one component that loads the driver.
#[derive(Clone, Copy)]
pub struct BalanceInputs {
    pub config: ReadSignal<AccountConfig>,
    pub token: ReadSignal<Option<String>>,
    pub refresh: ReadSignal<u32>,
    pub view: RwSignal<BalanceView>,
    /// Kept across views: the request last made (see [`Drafts::asked`]).
    pub drafts: StoredValue<Drafts>,
}

/// What components see of their element, through [`use_state`].
#[derive(Clone, Copy)]
pub struct WidgetState {
    /// The validated price list in use: the built-in one, or a newer one from `catalog-url`.
    /// Fixed for a view's life (a new price list is a new view), and held by that view alone,
    /// so that a list that is no longer in use is freed with the last view that showed it.
    pub catalog: StoredValue<Arc<Catalog>>,
    /// Quantities planned: the one source of truth, also behind the element's `quote`.
    pub plan: RwSignal<Plan>,
    /// The account balance as the panel shows it.
    pub balance: ReadSignal<BalanceView>,
    /// Links from the host's attributes.
    pub links: ReadSignal<HostLinks>,
    /// Whether the host set `api-base`: only then is the balance client loaded.
    pub live: ReadSignal<bool>,
    /// Asks the account API again (Retry).
    pub retry: Callback<()>,
    /// Before any Buy action: dispatches the cancelable `credits-buy`; `false` when the host
    /// cancelled it (and will run its own purchase flow).
    pub buy: Callback<Buy, bool>,
    /// The host's packs as JSON text, parsed by the buyer chunk.
    pub packs: ReadSignal<Option<String>>,
    /// The packs the pack advice suggests for the shortfall (written by the pack advice).
    pub advised: RwSignal<Vec<String>>,
    /// The bearer token, for the account API's other requests (usage).
    pub token: ReadSignal<Option<String>>,
    /// The account API's settings, for its other requests (usage).
    pub config: ReadSignal<AccountConfig>,
    /// What was typed but is not in the plan, kept across views (see [`Drafts`]).
    pub drafts: StoredValue<Drafts>,
    /// Whether the buyer's panels are wanted (see [`Controls::buyer_wanted`]).
    pub buyer_wanted: ReadSignal<bool>,
    /// Where the plan is kept (see [`Keeping`]).
    pub keeping: StoredValue<Keeping>,
    /// The price list's filter, as typed.
    pub filter: ReadSignal<String>,
    /// Bumped by "Clear plan" (see [`Controls::resets`]).
    pub resets: RwSignal<u32>,
}

impl WidgetState {
    /// Changes the plan with `f` as one step that Undo takes back, as long as the plan is what
    /// `f` left. A change that changes nothing offers nothing to undo.
    pub fn change(&self, what: Undoable, f: impl FnOnce(&mut Plan)) {
        // `try_`: an answer can arrive as its element goes.
        let Some(before) = self.plan.try_get_untracked() else {
            return;
        };
        let mut after = before.clone();
        f(&mut after);
        if after != before {
            let _ = self.drafts.try_update_value(|d| {
                d.undo = Some(Undo {
                    what,
                    before,
                    after: after.clone(),
                })
            });
            let _ = self.plan.try_set(after);
        }
    }

    /// "Clear plan": the plan, and every text a row refused, are gone; Undo brings the plan back.
    pub fn clear_plan(&self) {
        self.change(Undoable::Clear, Plan::clear);
        self.drafts.update_value(|d| d.rows.clear());
        self.resets.update(|n| *n = n.wrapping_add(1));
    }
}

/// What a Buy action is for: `credits-buy`'s detail.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Buy {
    /// What the person needs: the shortfall, or the whole total when signed out.
    pub credits: u64,
    /// The advised pack ids, in the host's order, repeated when bought more than once.
    pub packs: Vec<String>,
}

/// The current element's state. Components are only ever rendered under an element (or a test)
/// that provided it.
pub fn use_state() -> WidgetState {
    use_context::<WidgetState>().expect("rendered under an element")
}
