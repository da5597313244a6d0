//! The conference's decisions (`ket-luan.xlsx`, SPEC section 10) and the
//! yearly dossier made from them: what `thidua ho-so` reads, checks and
//! hands to the papers of `documents` (minutes, tờ trình, proposal list,
//! achievement reports) and to the proposal list workbook.
//!
//! Plain data: no I/O. `read::conclusions` fills [`Conclusions`] from the
//! workbook; `run::decisions` gives the final proposals.

use super::{Date, Outcome, Proposal};

/// A person named in `Hội nghị` (`Chủ trì`, `Thư ký`): "name, title" split
/// at the first comma.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    /// Chức vụ, when written after a comma.
    pub title: Option<String>,
}

/// Sheet `Hội nghị`: the conference itself; `None` where the sheet says
/// nothing (the minutes leave a blank line to fill by hand).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conference {
    /// `Ngày`.
    pub date: Option<Date>,
    /// `Địa điểm`.
    pub place: Option<String>,
    /// `Số đại biểu`: how many attended.
    pub attendance: Option<u32>,
    /// `Chủ trì`: who chaired.
    pub chair: Option<Person>,
    /// `Thư ký`: who took the minutes.
    pub secretary: Option<Person>,
}

/// One row of sheet `Biểu quyết`: a vote of the conference on one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    /// Index of the unit in the agreement's `Đơn vị`.
    pub unit: usize,
    /// `Hình thức`: the title voted on (`Proposal::Title`), if written.
    pub title: Option<Proposal>,
    /// `Tán thành`: votes for.
    pub votes_for: Option<u32>,
    /// `Không tán thành`: votes against.
    pub votes_against: Option<u32>,
    /// `Quyết định`: `Some(Proposal::Title(..))` the title decided,
    /// `None` no title. Never `Some(Proposal::Vote)`.
    pub decision: Option<Proposal>,
    /// Whether the row says anything beyond the unit and the title voted on
    /// (votes or a decision); a row left as `--mau` wrote it is not a
    /// decision, and its unit stays pending.
    pub decided: bool,
    /// The row of the sheet (1-based, as Excel shows it), for messages.
    pub row: u32,
}

/// What `ket-luan.xlsx` says, read and checked against the agreement.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conclusions {
    pub conference: Conference,
    /// The rows of `Biểu quyết`, in sheet order.
    pub votes: Vec<Vote>,
}

/// Everything the dossier's papers are made from.
#[derive(Debug, Clone)]
pub struct Dossier<'a> {
    /// The outcome of `run`'s inputs.
    pub outcome: &'a Outcome,
    /// `ket-luan.xlsx`, when the working folder has one.
    pub conclusions: Option<Conclusions>,
    /// The final proposal of each unit, by index into `outcome.units`:
    /// section 5's proposal with each `Biểu quyết` replaced by its decision;
    /// `Some(Proposal::Vote)` where the vote is still pending.
    pub final_proposals: Vec<Option<Proposal>>,
}

impl Dossier<'_> {
    /// The day of the conference: `ket-luan.xlsx`'s `Ngày`, else the
    /// agreement's `Ngày hội nghị`.
    pub fn conference_date(&self) -> Option<Date> {
        self.conclusions
            .as_ref()
            .and_then(|c| c.conference.date)
            .or(self.outcome.agreement.info.conference_date)
    }

    /// The year the dossier's papers are signed in: the conference's, else
    /// the year after the one scored (conferences are held in December or
    /// January).
    pub fn paper_year(&self) -> i32 {
        self.conference_date()
            .map_or(self.outcome.agreement.info.year + 1, |d| d.year)
    }

    /// The vote recorded for a unit (by index), if any.
    pub fn vote_of(&self, unit: usize) -> Option<&Vote> {
        self.conclusions
            .as_ref()
            .and_then(|c| c.votes.iter().find(|v| v.unit == unit))
    }

    /// The units with a final title (not pending, not none), as indices,
    /// in rank order, grouped by title in the agreement's order of titles.
    pub fn proposed(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .outcome
            .ranking
            .iter()
            .copied()
            .filter(|&i| matches!(self.final_proposals[i], Some(Proposal::Title(_))))
            .collect();
        out.sort_by_key(|&i| match self.final_proposals[i] {
            Some(Proposal::Title(t)) => t,
            _ => usize::MAX,
        });
        out
    }
}

/// The layout of `ket-luan.xlsx` (SPEC section 10), shared by its reader
/// and the prefilled file of `ho-so --mau`.
pub mod sheets {
    /// The file's name in the working folder.
    pub const FILE: &str = "ket-luan.xlsx";
    /// The sheet of the conference itself.
    pub const CONFERENCE: &str = "Hội nghị";
    /// The sheet of the votes.
    pub const VOTES: &str = "Biểu quyết";
    /// The keys of `Hội nghị` (column A), as written.
    pub const KEYS: [&str; 5] = ["Ngày", "Địa điểm", "Số đại biểu", "Chủ trì", "Thư ký"];
    /// The columns of `Biểu quyết`, as written.
    pub const COLUMNS: [&str; 5] = [
        "Mã",
        "Hình thức",
        "Tán thành",
        "Không tán thành",
        "Quyết định",
    ];
}
