using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Baqylau.Auditing;
using Baqylau.Campaigns;
using Baqylau.Common;
using Baqylau.Data;
using Baqylau.Incidents;
using Baqylau.Localization;
using Baqylau.Statements;
using Baqylau.Web;
using Baqylau.Web.Auditing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace Baqylau.Tests.Auditing;

/// <summary>The audit log in words: the real resources, the real EF model, values as the interceptor stores them.</summary>
public sealed class AuditPresenterTests : IDisposable
{
    private readonly CultureInfo _ui = CultureInfo.CurrentUICulture;
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = _ui;
        CultureInfo.CurrentCulture = _culture;
    }

    /// <summary>The model is read without a connection: building it needs none.</summary>
    internal static AuditSchema Schema { get; } = CreateSchema();

    private static AuditSchema CreateSchema()
    {
        using var db = new BaqylauDbContext(new DbContextOptionsBuilder<BaqylauDbContext>().UseNpgsql("Host=unused.invalid").Options);
        return AuditSchema.From(db.Model);
    }

    internal static AuditPresenter Presenter(string lang)
    {
        CultureInfo.CurrentUICulture = Cultures.Get(lang);
        CultureInfo.CurrentCulture = Cultures.Get(lang);
        var services = new ServiceCollection().AddLogging().AddLocalization(o => o.ResourcesPath = "Resources").BuildServiceProvider();
        return new AuditPresenter(services.GetRequiredService<IStringLocalizer<AuditStrings>>(), services.GetRequiredService<IStringLocalizer<AdminStrings>>(),
            services.GetRequiredService<IStringLocalizer<WorkspaceStrings>>(), Schema);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JsonColumn.Options);

    /// <summary>A change as the viewer gets it: stored the way the interceptor stores it, read back by the log's own reader.</summary>
    private static AuditChange Change(string field, object? before, object? after)
    {
        var stored = new JsonObject { [field] = new JsonObject { ["before"] = Node(before), ["after"] = Node(after) } };
        return Assert.Single(AuditLogQueries.Changes(stored.ToJsonString(JsonColumn.Options)));
    }

    private static JsonNode? Node(object? value) => value is null ? null : JsonSerializer.SerializeToNode(value, value.GetType(), JsonColumn.Options);

    [Theory]
    [InlineData("kk", "Сайлау науқаны", "Дауыс беру күні", "Мәлімдеме мәтіні (тіл бойынша)", "Қызметкер рөлі")]
    [InlineData("ru", "Избирательная кампания", "День голосования", "Текст заявления (по языку)", "Роль сотрудника")]
    public void Entity_and_field_names_are_words_in_the_viewers_language(string lang, string campaign, string votingDay, string translation, string userRole)
    {
        var p = Presenter(lang);
        Assert.Equal(campaign, p.EntityName(nameof(Campaign)));
        Assert.Equal(votingDay, p.FieldName(nameof(Campaign), nameof(Campaign.VotingDay)));
        Assert.Equal(translation, p.EntityName(nameof(StatementTranslation)));
        Assert.Equal(userRole, p.EntityName("IdentityUserRole`1"));
    }

    [Fact]
    public void Names_no_resource_has_fall_back_to_readable_words_not_code()
    {
        var p = Presenter("ru");
        Assert.Equal("Polling station report", p.EntityName("PollingStationReport"));
        Assert.Equal("Identity user passkey", p.EntityName("IdentityUserPasskey`1"));
        Assert.Equal("Occurred season", p.FieldName(nameof(Incident), "Occurred.Season"));
        Assert.Equal("API key hash", p.FieldName("Unknown", "APIKeyHash"));
    }

    [Theory]
    [InlineData("ru", "1 марта 2026, 10:00:07")]
    [InlineData("kk", "1 наурыз 2026 жыл, 10:00:07")]
    public void Times_are_kazakhstan_time_to_the_second_without_fractions(string lang, string expected)
    {
        _ = Presenter(lang);
        // Stored with microseconds in UTC; shown five hours later, seconds kept, fractions dropped.
        var at = new DateTimeOffset(2026, 3, 1, 5, 0, 7, TimeSpan.Zero).AddTicks(1234567);
        Assert.Equal(expected, AuditPresenter.Time(at));
        var row = new AuditRow(1, at, null, "admin@baqylau.local", nameof(Campaign), "x", AuditAction.Update, []);
        Assert.Equal(expected, Presenter(lang).Present(row).At);
    }

    [Fact]
    public void Statuses_visibility_and_roles_are_shown_by_their_names()
    {
        var p = Presenter("ru");
        var status = p.Present(nameof(Statement), Change(nameof(Statement.Status), StatementStatus.Published, StatementStatus.Corrected));
        Assert.Equal(("Статус", "Опубликовано", "Исправлено"), (status.FieldName, status.Before.Plain, status.After.Plain));

        var visibility = p.Present(nameof(Incident), Change(nameof(Incident.Visibility), IncidentVisibility.Internal, IncidentVisibility.Public));
        Assert.Equal(("Внутренний", "Публичный"), (visibility.Before.Plain, visibility.After.Plain));

        var roleId = Guid.NewGuid().ToString();
        var role = p.Present("IdentityUserRole`1", new AuditChange("RoleId", null, roleId, false), new Dictionary<string, string> { [roleId] = "Admin" });
        Assert.Equal("Администратор", role.After.Plain);

        var archived = p.Present(nameof(Campaign), Change(nameof(Campaign.IsArchived), false, true));
        Assert.Equal(("Нет", "Да"), (archived.Before.Plain, archived.After.Plain));

        var kk = Presenter("kk").Present(nameof(Incident), Change("Occurred.Precision", DatePrecision.Year, DatePrecision.Day));
        Assert.Equal("Болған күні: дәлдігі", kk.FieldName);
        Assert.DoesNotContain(kk.After.Plain, new[] { "4", "Day" });
    }

    [Theory]
    [InlineData("ru", "23 августа 2026", "30 августа 2026", "1 марта 2026, 10:00:07")]
    [InlineData("kk", "23 тамыз 2026 жыл", "30 тамыз 2026 жыл", "1 наурыз 2026 жыл, 10:00:07")]
    public void Days_and_instants_stored_as_text_are_shown_as_dates_in_kazakhstan_time(string lang, string before, string after, string updated)
    {
        var p = Presenter(lang);
        var day = p.Present(nameof(Campaign), Change(nameof(Campaign.VotingDay), new DateOnly(2026, 8, 23), new DateOnly(2026, 8, 30)));
        Assert.Equal(("2026-08-23", before, after), (Change(nameof(Campaign.VotingDay), new DateOnly(2026, 8, 23), null).Before, day.Before.Plain, day.After.Plain));
        // Only the day moved: that is the marked word on each side.
        Assert.Equal(["23"], day.Before.Rows[0].Segments.Where(s => s.Changed).Select(s => s.Text));
        Assert.Equal(["30"], day.After.Rows[0].Segments.Where(s => s.Changed).Select(s => s.Text));

        var at = new DateTimeOffset(2026, 3, 1, 5, 0, 7, TimeSpan.Zero).AddTicks(1234567);
        var changed = p.Present(nameof(Statement), Change(nameof(Statement.UpdatedAt), null, at));
        Assert.Equal(updated, changed.After.Plain);
    }

    [Fact]
    public void A_moved_key_date_is_one_changed_row_on_each_side_the_others_stay_unmarked()
    {
        var p = Presenter("ru");
        CampaignKeyDate Date(CampaignDateKind kind, DateOnly start, DateOnly? end = null) => new() { Kind = kind, Start = start, End = end };
        var registration = Date(CampaignDateKind.Registration, new DateOnly(2026, 7, 1), new DateOnly(2026, 7, 20));
        List<CampaignKeyDate> before = [registration, Date(CampaignDateKind.VotingDay, new DateOnly(2026, 8, 23))];
        List<CampaignKeyDate> after = [registration, Date(CampaignDateKind.VotingDay, new DateOnly(2026, 8, 30))];

        var change = p.Present(nameof(Campaign), Change(nameof(Campaign.KeyDates), before, after));

        Assert.Equal("Ключевые даты", change.FieldName);
        Assert.Equal(["Регистрация: 1 июля 2026 – 20 июля 2026", "День голосования: 23 августа 2026"], change.Before.Rows.Select(r => r.Text));
        Assert.Equal(["Регистрация: 1 июля 2026 – 20 июля 2026", "День голосования: 30 августа 2026"], change.After.Rows.Select(r => r.Text));
        Assert.Equal([false, true], change.Before.Rows.Select(r => r.Changed));
        Assert.Equal([false, true], change.After.Rows.Select(r => r.Changed));
    }

    [Fact]
    public void A_bilingual_text_shows_both_languages_and_marks_only_the_changed_words()
    {
        var p = Presenter("ru");
        var change = p.Present(nameof(Campaign), Change(nameof(Campaign.Description),
            new LocalizedText("Сайлау туралы", "Выборы депутатов в августе"), new LocalizedText("Сайлау туралы", "Выборы депутатов в сентябре")));

        Assert.Equal(["По-казахски", "По-русски"], change.Before.Rows.Select(r => r.Label));
        Assert.False(change.Before.Rows[0].Changed);
        Assert.True(change.After.Rows[1].Changed);
        Assert.Equal(["августе"], change.Before.Rows[1].Segments.Where(s => s.Changed).Select(s => s.Text));
        Assert.Equal(["сентябре"], change.After.Rows[1].Segments.Where(s => s.Changed).Select(s => s.Text));
        Assert.Equal("Выборы депутатов в сентябре", change.After.Rows[1].Text);
    }

    [Fact]
    public void A_long_body_is_shown_in_full_and_only_its_changed_lines_are_marked()
    {
        var p = Presenter("kk");
        var lines = Enumerable.Range(1, 40).Select(i => $"{i}-жол: байқаушылар туралы ұзын мәтін, үш жүз таңбадан асатын бөлік.").ToList();
        var before = string.Join('\n', lines);
        lines[30] = "31-жол: өзгертілген.";
        var after = string.Join('\n', lines);

        var change = p.Present(nameof(StatementTranslation), new AuditChange(nameof(StatementTranslation.Body), before, after, false));

        Assert.Equal("Мәтін", change.FieldName);
        Assert.True(change.After.IsLong);
        Assert.Equal(40, change.After.Rows.Count);
        Assert.Equal(before.Length, string.Join('\n', change.Before.Rows.Select(r => r.Text)).Length); // nothing cut at 300 characters
        Assert.Equal(["31-жол: өзгертілген."], change.After.Rows.Where(r => r.Changed).Select(r => r.Text));
    }

    [Fact]
    public void Hidden_fields_stay_hidden_and_notes_are_worded()
    {
        var p = Presenter("ru");
        var secret = p.Present(nameof(IncidentInternal), new AuditChange(nameof(IncidentInternal.ObserverIdentities), null, null, Hidden: true));
        Assert.True(secret.Hidden);
        Assert.True(secret.Before.IsEmpty && secret.After.IsEmpty);
        Assert.Equal("Данные наблюдателей", secret.FieldName);

        var note = p.Present("BaqylauUser", new AuditChange("operation", null, "TwoFactorReset", false));
        Assert.Equal(("Действие", "Второй фактор сброшен"), (note.FieldName, note.After.Plain));

        var export = p.Present(AuditLogQueries.AuditLogEntity, new AuditChange("filter", null, Json(new AuditFilter { EntityType = nameof(Campaign), Action = AuditAction.Update }), false));
        Assert.Contains("Объект: Избирательная кампания", export.After.Plain, StringComparison.Ordinal);
        Assert.Contains("Действие: Изменение", export.After.Plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Word_marks_join_a_changed_phrase_and_keep_the_whole_text()
    {
        var (before, after) = AuditPresenter.Words("Наблюдатель удалён с участка 12", "Наблюдатель не допущен на участок 12");
        Assert.Equal("Наблюдатель удалён с участка 12", string.Concat(before.Select(s => s.Text)));
        Assert.Equal("Наблюдатель не допущен на участок 12", string.Concat(after.Select(s => s.Text)));
        Assert.Equal(["удалён с участка"], before.Where(s => s.Changed).Select(s => s.Text));
        Assert.Equal(["не допущен на участок"], after.Where(s => s.Changed).Select(s => s.Text));
    }
}
