//! Charts: a bar chart of one value per item (a unit's total), each bar
//! coloured by its class (a classification), with threshold lines across
//! the bars and a small legend. Plain data; a back end draws it as vector
//! marks as wide as the text.

/// A bar chart: one horizontal bar per item, its label on the left, its
/// value at its end; threshold lines across the bars; a legend of the
/// classes under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    /// Printed centred above the chart, in bold.
    pub title: String,
    /// What the values are ("Điểm"), printed under the value axis.
    pub axis_label: String,
    /// The value axis runs from `min` to `max`; bars are clamped to it.
    pub min: f64,
    pub max: f64,
    /// The bars, top to bottom.
    pub bars: Vec<Bar>,
    /// Lines across the bars at these values, labelled above the plot.
    pub thresholds: Vec<Threshold>,
    /// The classes a bar's [`Bar::class`] points into: each a colour and
    /// what it means, shown in the legend in this order.
    pub classes: Vec<ChartClass>,
}

/// One bar of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The item's name ("Cao Bằng"), printed left of the bar.
    pub label: String,
    pub value: f64,
    /// The value as printed at the end of the bar ("95,50").
    pub text: String,
    /// Index into [`Chart::classes`] (its colour); out of range is grey.
    pub class: usize,
}

/// A line across the bars at a value ("Xuất sắc 90").
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    pub value: f64,
    pub label: String,
}

/// A colour of bars and what it means ("Xuất sắc (từ 90 điểm)").
#[derive(Debug, Clone, PartialEq)]
pub struct ChartClass {
    pub label: String,
    pub rgb: [u8; 3],
}

impl Chart {
    /// The colour of a bar: its class's, or grey.
    pub fn colour(&self, bar: &Bar) -> [u8; 3] {
        self.classes
            .get(bar.class)
            .map_or([160, 160, 160], |c| c.rgb)
    }

    /// Where `value` falls on the axis, from 0 (`min`) to 1 (`max`), clamped.
    pub fn position(&self, value: f64) -> f64 {
        let span = self.max - self.min;
        if span.is_finite() && span > 0.0 && value.is_finite() {
            ((value - self.min) / span).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_proportional_and_clamped() {
        let chart = Chart {
            title: "t".into(),
            axis_label: "Điểm".into(),
            min: 0.0,
            max: 100.0,
            bars: vec![],
            thresholds: vec![],
            classes: vec![],
        };
        assert_eq!(chart.position(50.0), 0.5);
        assert_eq!(chart.position(-5.0), 0.0);
        assert_eq!(chart.position(120.0), 1.0);
        assert_eq!(chart.position(f64::NAN), 0.0);
        let bar = Bar {
            label: "a".into(),
            value: 1.0,
            text: "1".into(),
            class: 3,
        };
        assert_eq!(chart.colour(&bar), [160, 160, 160]);
    }
}
