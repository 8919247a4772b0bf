using Microsoft.EntityFrameworkCore;
using Touchpoint.Platform.Localization;
using Touchpoint.Platform.Persistence;

namespace Touchpoint.Features.Knowledge;

/// <summary>
/// The shipped SPIN scripts (seed 004, "Техника СПИН"): situation questions short and few, problem questions that find
/// what went wrong before, implication questions that let the customer weigh it, need-payoff questions that make the
/// benefit theirs. A general script for every sales conversation and one for the demo store's shoes, in en, ru and pl.
/// Written while the table is empty; a store's own edits and deletions are kept.
/// </summary>
public sealed class SalesScriptDefaults(IServiceScopeFactory scopes, TimeProvider time) : IShippedDefaults
{
    public const string General = "general";
    public const string Shoes = "shoes";

    private static ScriptQuestion Q(string key, string group, string en, string ru, string pl) =>
        new() { Key = key, Group = group, Text = LocalizedText.Of(en, ru, pl) };

    public static readonly IReadOnlyList<(string Key, string? Category, LocalizedText Name, IReadOnlyList<ScriptQuestion> Questions)> Scripts =
    [
        (General, null, LocalizedText.Of("Sales conversation (general)", "Продажа (общий сценарий)", "Sprzedaż (skrypt ogólny)"),
        [
            Q("s1", SpinGroups.Situation, "What will you use it for?", "Для чего вам это нужно?", "Do czego będzie Pan/Pani tego używać?"),
            Q("s2", SpinGroups.Situation, "Who is it for?", "Для кого вы выбираете?", "Dla kogo Pan/Pani wybiera?"),
            Q("s3", SpinGroups.Situation, "When do you need it by?", "К какому сроку вам это нужно?", "Na kiedy jest to Panu/Pani potrzebne?"),
            Q("s4", SpinGroups.Situation, "What budget do you have in mind?", "На какой бюджет вы рассчитываете?", "Jaki budżet Pan/Pani przewiduje?"),
            Q("p1", SpinGroups.Problem, "What did you use before, and what did you not like about it?", "Чем вы пользовались раньше и что вам в этом не понравилось?",
                "Czego używał(a) Pan/Pani wcześniej i co się w tym nie podobało?"),
            Q("p2", SpinGroups.Problem, "What matters most to you in this purchase?", "Что для вас самое важное в этой покупке?", "Co jest dla Pana/Pani najważniejsze w tym zakupie?"),
            Q("p3", SpinGroups.Problem, "Has anything gone wrong with a similar purchase before?", "Были ли проблемы с похожей покупкой раньше?",
                "Czy przy podobnym zakupie coś wcześniej poszło nie tak?"),
            Q("i1", SpinGroups.Implication, "What happens if it does not arrive in time?", "Что будет, если покупка не придёт вовремя?", "Co się stanie, jeśli zamówienie nie dotrze na czas?"),
            Q("i2", SpinGroups.Implication, "What would it cost you to save on quality and have to buy again?", "Во что вам обойдётся сэкономить на качестве и покупать заново?",
                "Ile będzie Pana/Panią kosztować oszczędność na jakości, jeśli trzeba będzie kupić ponownie?"),
            Q("n1", SpinGroups.NeedPayoff, "How would it help you to have it delivered by the date you need?", "Насколько вам поможет, если мы доставим к нужной дате?",
                "Na ile pomoże Panu/Pani dostawa na potrzebny termin?"),
            Q("n2", SpinGroups.NeedPayoff, "Would it help if we picked a model without the problem you had before?", "Поможет ли, если мы подберём модель без той проблемы, что была раньше?",
                "Czy pomoże, jeśli dobierzemy model bez problemu, który miał(a) Pan/Pani wcześniej?"),
        ]),
        (Shoes, "shoes", LocalizedText.Of("Shoes", "Обувь", "Obuwie"),
        [
            Q("s1", SpinGroups.Situation, "What will you wear them for: running, walking, every day?", "Для чего вы будете их носить: бег, прогулки, каждый день?",
                "Do czego będą noszone: bieganie, spacery, na co dzień?"),
            Q("s2", SpinGroups.Situation, "What size and which brand do you usually wear?", "Какой размер и какой бренд вы обычно носите?", "Jaki rozmiar i jaką markę zwykle Pan/Pani nosi?"),
            Q("s3", SpinGroups.Situation, "How many kilometres a week do you run or walk?", "Сколько километров в неделю вы бегаете или ходите?",
                "Ile kilometrów tygodniowo Pan/Pani biega lub chodzi?"),
            Q("p1", SpinGroups.Problem, "Have shoes ever rubbed or pinched, or left your feet tired?", "Бывало ли, что обувь натирала, жала или ноги сильно уставали?",
                "Czy buty kiedyś obcierały, uciskały albo męczyły stopy?"),
            Q("p2", SpinGroups.Problem, "Did a pair wear out sooner than you expected?", "Изнашивалась ли пара быстрее, чем вы ожидали?",
                "Czy któraś para zużyła się szybciej, niż Pan/Pani oczekiwał(a)?"),
            Q("i1", SpinGroups.Implication, "What happens to your training if your feet hurt after every run?", "Что будет с тренировками, если после каждой пробежки болят ноги?",
                "Co stanie się z treningami, jeśli po każdym biegu bolą stopy?"),
            Q("i2", SpinGroups.Implication, "How much time and money does a return cost you when the size is wrong?", "Сколько времени и денег отнимает возврат, если размер не подошёл?",
                "Ile czasu i pieniędzy kosztuje zwrot, gdy rozmiar nie pasuje?"),
            Q("n1", SpinGroups.NeedPayoff, "Would running be easier in cushioned shoes chosen for your distance?", "Станет ли бегать легче в обуви с амортизацией, подобранной под вашу дистанцию?",
                "Czy bieganie będzie łatwiejsze w butach z amortyzacją dobranych do Pana/Pani dystansu?"),
            Q("n2", SpinGroups.NeedPayoff, "Would it help if we checked the size against the brand's chart before dispatch?", "Поможет ли, если мы сверим размер с таблицей бренда до отправки?",
                "Czy pomoże, jeśli przed wysyłką sprawdzimy rozmiar w tabeli marki?"),
        ]),
    ];

    public async Task EnsureAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TouchpointDb>();
        if (await db.Set<SalesScript>().AnyAsync(ct))
        {
            return;
        }
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (key, category, name, questions) in Scripts)
        {
            var script = SalesScript.Create(key);
            script.Replace(null, category, name, questions, now, KnowledgeSeeder.Actor);
            db.Add(script);
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another instance wrote them at the same moment.
        }
    }
}
