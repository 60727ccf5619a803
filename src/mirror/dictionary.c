/*
 * dictionary.c - the preset dictionary of the mirror's records
 * (codec.h's CODEC_DEFLATE_V1).
 *
 * Made once from Copper's reference: a few common fragments (custom field
 * entries, categorised emails, phones and social profiles, statuses),
 * then the first example record of each entity's search answer in the
 * reference, most common last (deflate reaches the end of a dictionary
 * with the shortest distances). Never change it: records on disk were
 * deflated with it. A better one is a new format (CODEC_DEFLATE_V2).
 */
#include "config.h"

#include <stddef.h>

extern const char codec_dictionary_text[];
extern const size_t codec_dictionary_size;

const char codec_dictionary_text[] =
	"{\"custom_field_definition_id\":1,\"value\":null},{\"custom_field_definition_id\":2,\"va"
	"lue\":\"\"},{\"url\":\"https://www.linkedin.com/in/\",\"category\":\"linkedin\"},{\"url"
	"\":\"https://twitter.com/\",\"category\":\"twitter\"},{\"url\":\"https://www.facebook.co"
	"m/\",\"category\":\"facebook\"},{\"url\":\"https://www.\",\"category\":\"work\"},{\"numb"
	"er\":\"\",\"category\":\"mobile\"},{\"number\":\"\",\"category\":\"work\"},{\"email\":\""
	"\",\"category\":\"personal\"},\"related_resource\":{\"id\":1,\"type\":\"company\"},\"rel"
	"ated_resource\":{\"id\":1,\"type\":\"opportunity\"},\"related_resource\":{\"id\":1,\"typ"
	"e\":\"person\"},\"related_resource\":{\"id\":1,\"type\":\"lead\"},\"related_resource\":n"
	"ull,\"status\":\"Open\",\"status\":\"Completed\",\"status\":\"Won\",\"status\":\"Lost\","
	"\"priority\":\"None\",\"priority\":\"High\",\"priority\":\"Medium\",\"priority\":\"Low\""
	",\"country\":\"US\",\"converted_opportunity_id\":null,\"converted_contact_id\":null,\"co"
	"nverted_at\":null,{\"id\":13358412,\"name\":\"Demo Company\",\"address\":{\"street\":\"1"
	"23 Main St\",\"city\":\"San Francisco\",\"state\":\"CA\",\"postal_code\":\"94105\",\"cou"
	"ntry\":null},\"assignee_id\":null,\"contact_type_id\":null,\"details\":\"This is a demo "
	"company\",\"email_domain\":\"democompany.com\",\"phone_numbers\":[{\"number\":\"415-123-"
	"45678\",\"category\":\"work\"}],\"primary_contact_id\":27140361,\"socials\":[],\"tags\":"
	"[],\"websites\":[{\"url\":\"http://democompany.com\",\"category\":\"work\"}],\"custom_fi"
	"elds\":[{\"custom_field_definition_id\":100764,\"value\":null},{\"custom_field_definitio"
	"n_id\":103481,\"value\":null}],\"interaction_count\":0,\"date_created\":1496707930,\"dat"
	"e_modified\":1496707932}{\"id\":3726701,\"name\":\"Demo Task\",\"related_resource\":{\"i"
	"d\":null,\"type\":null},\"assignee_id\":137658,\"due_date\":null,\"reminder_date\":null,"
	"\"completed_date\":null,\"priority\":\"None\",\"status\":\"Open\",\"details\":null,\"tag"
	"s\":[],\"custom_fields\":[],\"date_created\":1496771985,\"date_modified\":1496771985}{\""
	"id\":1,\"name\":\"Customize Your New CRM\",\"related_resource\":{\"id\":2,\"type\":\"com"
	"pany\"},\"assignee_id\":2,\"status\":\"Open\",\"details\":\"Visit our settings section t"
	"o discover all the ways you can customize Copper to fit your sales workflow.\",\"tags\":"
	"[\"tag1\"],\"custom_fields\":[{\"custom_field_definition_id\":6,\"value\":1515744000},{"
	"\"custom_field_definition_id\":12,\"value\":[8]},{\"custom_field_definition_id\":8,\"val"
	"ue\":null},{\"custom_field_definition_id\":11,\"value\":null},{\"custom_field_definition"
	"_id\":9,\"value\":null},{\"custom_field_definition_id\":7,\"value\":false},{\"custom_fie"
	"ld_definition_id\":3,\"value\":null},{\"custom_field_definition_id\":4,\"value\":null},{"
	"\"custom_field_definition_id\":10,\"value\":null},{\"custom_field_definition_id\":5,\"va"
	"lue\":null}],\"date_created\":1515434872,\"date_modified\":1516819000}{\"id\":9150547,\""
	"name\":\"My Contact\",\"prefix\":null,\"first_name\":\"My\",\"last_name\":\"Contact\",\""
	"middle_name\":null,\"suffix\":null,\"address\":null,\"assignee_id\":null,\"company_name"
	"\":null,\"customer_source_id\":null,\"details\":null,\"email\":{\"email\":\"mycontact@no"
	"email.com\",\"category\":\"work\"},\"interaction_count\":0,\"monetary_value\":null,\"soc"
	"ials\":[],\"status\":\"New\",\"status_id\":208231,\"tags\":[],\"title\":null,\"websites"
	"\":[],\"phone_numbers\":[],\"custom_fields\":[{\"custom_field_definition_id\":100764,\"v"
	"alue\":null},{\"custom_field_definition_id\":103481,\"value\":null}],\"date_created\":14"
	"90045162,\"date_modified\":1490045162,\"date_last_contacted\":1490045162,\"converted_opp"
	"ortunity_id\":null,\"converted_contact_id\":null,\"converted_at\":null}{\"id\":2827699,"
	"\"name\":\"25 Office Chairs (sample)\",\"assignee_id\":null,\"close_date\":\"1/16/2017\""
	",\"company_id\":9607580,\"company_name\":\"Dunder Mifflin (sample)\",\"customer_source_i"
	"d\":331242,\"details\":\"Opportunities are created for People and Companies that are int"
	"erested in buying your products or services. Create Opportunities for People and Compani"
	"es to move them through one of your Pipelines.\",\"loss_reason_id\":null,\"pipeline_id\""
	":213214,\"pipeline_is_revenue\":false,\"pipeline_stage_id\":987793,\"pipeline_type\":\"o"
	"pportunity\",\"primary_contact_id\":null,\"priority\":\"None\",\"status\":\"Open\",\"tag"
	"s\":[],\"interaction_count\":0,\"monetary_value\":75000,\"win_probability\":40,\"date_la"
	"st_contacted\":null,\"leads_converted_from\":[],\"date_lead_created\":null,\"date_create"
	"d\":1483988829,\"date_modified\":1489018922,\"custom_fields\":[{\"custom_field_definitio"
	"n_id\":126240,\"value\":null},{\"custom_field_definition_id\":103481,\"value\":null},{\""
	"custom_field_definition_id\":100764,\"value\":null}]}{\"id\":7,\"name\":\"Jim Halpert\","
	"\"prefix\":null,\"first_name\":\"Jim\",\"middle_name\":null,\"last_name\":\"Halpert\",\""
	"suffix\":null,\"address\":{\"street\":\"221 Main Street Suite 1350\",\"city\":\"Vancouve"
	"r\",\"state\":\"BC\",\"postal_code\":\"A1A1A1\",\"country\":\"CA\"},\"assignee_id\":null"
	",\"company_id\":2,\"company_name\":\"ProsperWorks\",\"contact_type_id\":8,\"details\":nu"
	"ll,\"emails\":[{\"email\":\"jhalpert@prosperworks.com\",\"category\":\"work\"}],\"phone_"
	"numbers\":[{\"number\":\"4158546956\",\"category\":\"work\"}],\"socials\":[{\"url\":\"ht"
	"tps://www.linkedin.com/in/jimhalpert\",\"category\":\"linkedin\"}],\"tags\":[\"tag1\"],"
	"\"title\":\"Business Development\",\"websites\":[{\"url\":\"www.prosperworks.com\",\"cat"
	"egory\":\"work\"}],\"custom_fields\":[{\"custom_field_definition_id\":6,\"value\":151574"
	"4000},{\"custom_field_definition_id\":12,\"value\":[8]}],\"date_created\":1516262400,\"d"
	"ate_modified\":1516313340,\"date_last_contacted\":1516313330,\"interaction_count\":2,\"l"
	"eads_converted_from\":[],\"date_lead_created\":null}";

const size_t codec_dictionary_size = sizeof(codec_dictionary_text) - 1;
