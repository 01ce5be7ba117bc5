using Baqylau.Common;
using Baqylau.Incidents;

namespace Baqylau.Tests.Incidents;

public class IncidentFilterTests
{
    private static IncidentFilter Parse(Dictionary<string, string> q, out IReadOnlyList<string> invalid) =>
        IncidentFilter.Parse(k => q.TryGetValue(k, out var v) ? v : null, out invalid);

    [Fact]
    public void Reads_every_filter_and_writes_it_back_as_the_same_query()
    {
        var f = Parse(new()
        {
            ["campaign"] = "kurultai-2026",
            ["organisation"] = "erkindik-qanaty",
            ["category"] = "internet-blocking",
            ["actor"] = "police",
            ["region"] = "almaty",
            ["from"] = "2020",
            ["to"] = "2024",
            ["status"] = "Verified",
            ["q"] = "  байқаушы   интернет ",
        }, out var invalid);
        Assert.Empty(invalid);
        Assert.Equal(VerificationStatus.Verified, f.Status);
        Assert.Equal("байқаушы интернет", f.Query);
        Assert.Equal(
            "?campaign=kurultai-2026&organisation=erkindik-qanaty&category=internet-blocking&actor=police&region=almaty&from=2020&to=2024&status=verified&q=%D0%B1%D0%B0%D0%B9%D2%9B%D0%B0%D1%83%D1%88%D1%8B%20%D0%B8%D0%BD%D1%82%D0%B5%D1%80%D0%BD%D0%B5%D1%82",
            f.ToQueryString());
        var again = IncidentFilter.Parse(k => f.ToQuery().FirstOrDefault(p => p.Key == k).Value, out _);
        Assert.Equal(f, again);
    }

    [Theory]
    [InlineData("from", "abc")]
    [InlineData("from", "1800")]
    [InlineData("to", "-5")]
    [InlineData("to", "99999999999")]
    [InlineData("status", "1")]
    [InlineData("status", "approved")]
    [InlineData("region", "Алматы")]
    [InlineData("campaign", "<script>")]
    public void Values_that_make_no_sense_are_dropped_and_named(string param, string value)
    {
        var f = Parse(new() { [param] = value }, out var invalid);
        Assert.Equal([param], invalid);
        Assert.True(f.IsEmpty);
    }

    [Fact]
    public void A_reversed_year_range_is_swapped_and_blank_values_are_no_filter()
    {
        var f = Parse(new() { ["from"] = "2024", ["to"] = "2019", ["q"] = "   ", ["region"] = "" }, out var invalid);
        Assert.Empty(invalid);
        Assert.Equal((2019, 2024), (f.FromYear!.Value, f.ToYear!.Value));
        Assert.Null(f.Query);
        Assert.Null(f.Region);
    }

    [Fact]
    public void Long_queries_are_cut_not_refused()
    {
        var f = Parse(new() { ["q"] = new string('а', 1000) }, out var invalid);
        Assert.Empty(invalid);
        Assert.Equal(IncidentFilter.MaxQueryLength, f.Query!.Length);
    }

    [Fact]
    public void Cursors_round_trip_and_garbage_is_refused()
    {
        var id = Guid.CreateVersion7();
        foreach (var cursor in new[] { new KeysetCursor(638_000_000_000_000_000, id), new KeysetCursor(null, id), new KeysetCursor(-1, id) })
        {
            Assert.True(KeysetCursor.TryDecode(cursor.Encode(), out var back));
            Assert.Equal(cursor, back);
        }

        foreach (var bad in new[] { "", "abc", "!!!", "MS4xMjM", new string('A', 500), "Mi4xLjEyMw" })
            Assert.False(KeysetCursor.TryDecode(bad, out _), bad);
    }
}
