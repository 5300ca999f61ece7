"""The pages every browser check visits: one of each kind a reader meets."""

PAGES = {
    "home": "",
    "directory": "hubs/",
    "filter page": "hubs/country/gr/",
    "hub": "hubs/lemnos/",
    "mission": "missions/make-mend-reuse/",
    "SDG": "sdgs/14/",
    "join": "join/students/",
    "guide": "guides/facilitation/",
    "guide with tables": "guides/facilitation/stakeholders/",
    "self-assessment": "guides/self-assessment/",
}
