/** Log level from STRAPI_LOG_LEVEL (the tests set `error`); Strapi's default format and console transport otherwise. */
export default process.env.STRAPI_LOG_LEVEL ? { level: process.env.STRAPI_LOG_LEVEL } : {};
