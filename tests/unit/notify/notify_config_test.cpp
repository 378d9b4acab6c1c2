#include "notify/notify_config.hpp"

#include <gtest/gtest.h>

#include "notify/url.hpp"

namespace netmeter::notify {
namespace {

TEST(NotifyConfig, WebhookParamsKeptAndChecked) {
  ParamMap p{{"webhook_url", "https://hooks.example.org:8443/in?x=1"}, {"webhook_password", ""}};
  EXPECT_EQ(validate_endpoint_params(EndpointKind::Webhook, p), std::nullopt);
  EXPECT_EQ(p.size(), 1u);  // the empty optional one is dropped
  ParamMap bad{{"webhook_url", "ftp://x"}};
  EXPECT_TRUE(validate_endpoint_params(EndpointKind::Webhook, bad));
  ParamMap missing{{"webhook_username", "u"}};
  EXPECT_EQ(validate_endpoint_params(EndpointKind::Webhook, missing),
            "missing mandatory parameter webhook_url");
  ParamMap unknown{{"webhook_url", "http://h/"}, {"syslog_port", "514"}};
  EXPECT_EQ(validate_endpoint_params(EndpointKind::Webhook, unknown), "unknown parameter syslog_port");
  ParamMap control{{"webhook_url", "http://h/"}, {"webhook_username", "a\r\nb"}};
  EXPECT_TRUE(validate_endpoint_params(EndpointKind::Webhook, control));
}

TEST(NotifyConfig, SyslogAndEmailParams) {
  ParamMap ok{{"syslog_alert_format", "json"},
              {"syslog_host", "127.0.0.1"},
              {"syslog_port", "5514"},
              {"syslog_protocol", "tcp"}};
  EXPECT_EQ(validate_endpoint_params(EndpointKind::Syslog, ok), std::nullopt);
  for (auto [name, value] :
       {std::pair{"syslog_port", "0"}, std::pair{"syslog_port", "65536"}, std::pair{"syslog_port", "51x"},
        std::pair{"syslog_protocol", "sctp"}, std::pair{"syslog_alert_format", "xml"}}) {
    ParamMap p = ok;
    p[name] = value;
    EXPECT_TRUE(validate_endpoint_params(EndpointKind::Syslog, p)) << name << "=" << value;
  }
  ParamMap mail{{"smtp_server", "smtp://127.0.0.1:2525"}, {"email_sender", "probe@example.org"}};
  EXPECT_EQ(validate_endpoint_params(EndpointKind::Email, mail), std::nullopt);
  mail["email_sender"] = "nobody";
  EXPECT_TRUE(validate_endpoint_params(EndpointKind::Email, mail));
  ParamMap rcpt{{"email_recipient", "ops@example.org"}};
  EXPECT_EQ(validate_recipient_params(EndpointKind::Email, rcpt), std::nullopt);
  ParamMap none;
  EXPECT_EQ(validate_recipient_params(EndpointKind::Email, none),
            "missing mandatory parameter email_recipient");
  EXPECT_EQ(validate_recipient_params(EndpointKind::Webhook, none), std::nullopt);
  EXPECT_EQ(validate_recipient_params(EndpointKind::Webhook, rcpt), "unknown parameter email_recipient");
}

TEST(NotifyConfig, Urls) {
  auto u = parse_web_url("http://[::1]:8080/hook");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->target, "/hook");
  EXPECT_FALSE(u->tls);
  u = parse_web_url("https://example.org");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 443);
  EXPECT_EQ(u->target, "/");
  EXPECT_FALSE(parse_web_url("http://user@host/"));
  EXPECT_FALSE(parse_web_url("http://host:99999/"));
  EXPECT_FALSE(parse_web_url("http://ho st/"));
  auto s = parse_smtp_server("smtps://mail.example.org");
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->implicit_tls);
  EXPECT_EQ(s->port, 0);
  EXPECT_EQ(parse_smtp_server("mail.example.org:587")->port, 587);
}

TEST(NotifyConfig, RecipientFilters) {
  RecipientConfig r;
  r.minimum_severity = alerts::Severity::Warning;
  alerts::Alert a;
  a.entity = alerts::Entity::Flow;
  a.severity = alerts::Severity::Notice;
  EXPECT_FALSE(r.wants(a, 1));
  a.severity = alerts::Severity::Error;
  EXPECT_TRUE(r.wants(a, 1));
  r.check_entities = {1};  // hosts only
  EXPECT_FALSE(r.wants(a, 1));
  r.check_entities = {1, 4};
  r.check_categories = {3};
  EXPECT_FALSE(r.wants(a, 1));
  EXPECT_TRUE(r.wants(a, 3));
}

TEST(NotifyConfig, IdLists) {
  EXPECT_EQ(parse_id_list("1,4,1"), (std::vector<int>{1, 4}));
  EXPECT_EQ(parse_id_list(""), std::vector<int>{});
  EXPECT_FALSE(parse_id_list("1,,2"));
  EXPECT_FALSE(parse_id_list("x"));
  EXPECT_FALSE(parse_id_list("256"));
  EXPECT_EQ(format_id_list({0, 4}), "0,4");
}

}  // namespace
}  // namespace netmeter::notify
