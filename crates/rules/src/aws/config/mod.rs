mod aggregator_not_all_regions;
mod recorder_not_all_resources;
mod recorder_not_recording;

use crate::Rule;

pub(crate) const RULES: &[&dyn Rule] = &[
    &aggregator_not_all_regions::AggregatorNotAllRegions,
    &recorder_not_all_resources::RecorderNotAllResources,
    &recorder_not_recording::RecorderNotRecording,
];
