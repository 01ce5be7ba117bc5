using System.Net;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;

namespace Baqylau.Tests.Incidents;

[Collection(IncidentWebCollection.Name)]
public class DownloadTests(BaqylauWebFactory factory)
{
    [Fact]
    public async Task The_csv_is_rfc4180_utf8_with_bom_in_the_readers_language_with_both_date_forms()
    {
        var all = await factory.PublicIncidentsAsync();
        var response = await factory.Client().GetAsync("/ru/incidents.csv?organisation=erkindik-qanaty");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("Идентификатор,Постоянная ссылка,Название,Дата,Дата (ISO 8601),", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.Equal(text.Split('\n').Length, text.Split("\r\n").Length); // CRLF line ends only
        Assert.Contains(",2019–2022,2019/2022,", text, StringComparison.Ordinal);
        Assert.Contains(",дата неизвестна,,", text, StringComparison.Ordinal);
        Assert.Contains("Проверено", text, StringComparison.Ordinal);
        var expected = all.Count(i => i.OrganisationId == Baqylau.Local.Demo.DemoIds.ErkindikQanaty);
        var records = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length - 1;
        Assert.Equal(expected, records);

        var kk = Encoding.UTF8.GetString((await factory.Client().GetByteArrayAsync("/kk/incidents.csv?from=2023&to=2023"))[3..]);
        Assert.StartsWith("Сәйкестендіргіш,Тұрақты сілтеме,Атауы,Күні,", kk, StringComparison.Ordinal);
        Assert.Contains("2023 ж.,2023,", kk, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("kk")]
    [InlineData("ru")]
    public async Task The_atom_feed_lists_recently_recorded_public_incidents_for_the_filter(string lang)
    {
        var all = await factory.PublicIncidentsAsync();
        var response = await factory.Client().GetAsync($"/{lang}/incidents.atom?category=internet-blocking");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        using var reader = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        var feed = SyndicationFeed.Load(reader);
        Assert.Equal(lang, feed.Language);
        var expected = all.Where(i => i.Category!.Slug == "internet-blocking").OrderByDescending(i => i.RecordedAt).Take(50).ToList();
        Assert.Equal(expected.Select(i => $"http://localhost/{lang}/incidents/{i.PublicId}"), feed.Items.Select(i => i.Id));
        Assert.Equal(expected[0].Translation(lang)!.Title, feed.Items.First().Title.Text);
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.AbsoluteUri == $"http://localhost/{lang}/incidents.atom?category=internet-blocking");
        Assert.Contains(feed.Links, l => l.RelationshipType == "alternate" && l.Uri.AbsoluteUri == $"http://localhost/{lang}/incidents?category=internet-blocking");

        // Feed readers poll: an unchanged feed answers 304.
        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/{lang}/incidents.atom?category=internet-blocking");
        conditional.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await factory.Client().SendAsync(conditional)).StatusCode);
    }

    [Theory]
    [InlineData("/ru/incidents.csv?from=nonsense", "С года")]
    [InlineData("/kk/incidents.atom?status=maybe", "Тексеру мәртебесі")]
    public async Task Downloads_refuse_unreadable_filters_with_a_localised_message(string url, string label)
    {
        var response = await factory.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(label, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/en/incidents.csv")]
    [InlineData("/KK/incidents.atom")]
    public async Task Downloads_in_unknown_languages_are_404(string url) =>
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync(url)).StatusCode);
}
