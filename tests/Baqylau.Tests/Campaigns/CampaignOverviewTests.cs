using Baqylau.Campaigns;

namespace Baqylau.Tests.Campaigns;

public class CampaignOverviewTests
{
    private static CampaignCard Card(string slug, DateOnly first, DateOnly voting, DateOnly last) =>
        new(slug, slug, CampaignKind.Parliamentary, voting, first, last);

    private static readonly CampaignCard Kurultai = Card("kurultai", new(2026, 6, 5), new(2026, 8, 23), new(2026, 9, 2));

    [Theory]
    [InlineData(2026, 6, 4, CampaignPhase.Upcoming)]
    [InlineData(2026, 6, 5, CampaignPhase.Current)]
    [InlineData(2026, 9, 2, CampaignPhase.Current)]
    [InlineData(2026, 9, 3, CampaignPhase.Past)]
    public void The_phase_follows_the_whole_calendar_not_only_voting_day(int y, int m, int d, CampaignPhase expected) =>
        Assert.Equal(expected, Kurultai.PhaseOn(new DateOnly(y, m, d)));

    [Fact]
    public void The_featured_campaign_is_the_running_one_then_the_next_then_the_latest_past()
    {
        var next = Card("next", new(2027, 1, 1), new(2027, 3, 1), new(2027, 3, 10));
        var old = Card("old", new(2024, 9, 2), new(2024, 10, 6), new(2024, 10, 9));
        Assert.Equal("kurultai", new CampaignOverview([next], [Kurultai], [old]).Featured!.Slug);
        Assert.Equal("next", new CampaignOverview([next], [], [Kurultai, old]).Featured!.Slug);
        Assert.Equal("kurultai", new CampaignOverview([], [], [Kurultai, old]).Featured!.Slug);
        Assert.Null(new CampaignOverview([], [], []).Featured);
    }
}
